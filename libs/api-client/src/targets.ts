/**
 * Types of the targets app's API, generated from openapi/targets.json by `npm run openapi`.
 * Do not edit: change the controllers and DTOs, then regenerate.
 */

export interface paths {
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API keys of your institution (never the keys themselves) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create another API key of your institution (the others keep working until revoked) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key: it stops working at once, even the one of this request; the last key cannot be revoked (409) */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/authorizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the authorizations, sorted by code */
        get: operations["listAuthorizations"];
        put?: never;
        /** Define an authorization (a tri-state consent: true, false or empty) */
        post: operations["createAuthorization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find contacts by e-mail or by the start of their names or e-mail, a page at a time, by id */
        get: operations["searchContacts"];
        put?: never;
        /** Create a contact with its criterion values and authorizations */
        post: operations["createContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a contact with every criterion and authorization of the institution */
        get: operations["getContact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create 1 to 10000 contacts at once, all or none; errors name the array index */
        post: operations["createContactsBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/criteria": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the criteria with their values, sorted by code */
        get: operations["listCriteria"];
        put?: never;
        /** Define a criterion and its values */
        post: operations["createCriterion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/criteria/{code}/values": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** See the values of a criterion (the codes to write in files) */
        get: operations["listCriterionValues"];
        put?: never;
        /** Add values to a criterion; answers all its values */
        post: operations["addCriterionValues"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Database and Redis reachability */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/institutions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an institution and its API key (admin key only) */
        post: operations["createInstitution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the targets */
        get: operations["listTargets"];
        put?: never;
        /** Save a dynamic target: a rule evaluated each time it is used */
        post: operations["createTarget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/targets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a target */
        get: operations["getTarget"];
        /** Replace the name and rule of a target */
        put: operations["updateTarget"];
        post?: never;
        /** Delete a target */
        delete: operations["deleteTarget"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/targets/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Count the contacts the target selects now, with the first 10 by id */
        get: operations["previewTarget"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKeyResponse: {
            /**
             * Format: date-time
             * @example 2026-11-26T09:30:00.000Z
             */
            createdAt: string;
            /** @example 2 */
            id: number;
            /**
             * Format: date-time
             * @description When a request last came with this key, to the minute (null: never used)
             * @example 2026-11-27T14:05:00.000Z
             */
            lastUsedAt: string | null;
            /**
             * @description What the key is for; "first key" for the key of POST /institutions
             * @example crm-sync
             */
            name: string;
        };
        AuthorizationResponse: {
            /** @example NEWSLETTER */
            code: string;
            /** @example 2 */
            id: number;
            /** @example Receives the newsletter */
            label: string;
        };
        BulkContactsResponse: {
            /**
             * @description Ids of the created contacts, in the order sent
             * @example [
             *       101,
             *       102,
             *       103
             *     ]
             */
            ids: number[];
        };
        ContactPageResponse: {
            /** @description The contacts of this page, by id */
            items: components["schemas"]["ContactSummaryResponse"][];
            /**
             * @description Which page this is, from 1
             * @example 1
             */
            page: number;
            /**
             * @description How many items a page holds at most
             * @example 50
             */
            pageSize: number;
            /**
             * @description How many contacts match, on every page
             * @example 1
             */
            total: number;
        };
        ContactResponse: {
            /**
             * @description Every authorization of the institution -> true, false or null (empty)
             * @example {
             *       "NEWSLETTER": true
             *     }
             */
            authorizations: {
                [key: string]: boolean | null;
            };
            /**
             * Format: date
             * @description Birth date YYYY-MM-DD: a real date, from 1880 to today (UTC); null when unknown
             * @example 1980-12-31
             */
            birthDate: string | null;
            /**
             * @description Every criterion of the institution -> the value codes of the contact, sorted ([] when none)
             * @example {
             *       "MUSIC_TASTE": [
             *         "JAZZ",
             *         "ROCK"
             *       ]
             *     }
             */
            criteria: {
                [key: string]: string[];
            };
            /**
             * @description An e-mail address like name@example.org, or "" when unknown
             * @example claude.debussy@example.org
             */
            email: string;
            /**
             * @description First name: letters, no digits
             * @example Claude
             */
            firstName: string;
            /** @example 42 */
            id: number;
            /**
             * @description Language of the contact; null when unknown
             * @example fr
             * @enum {string|null}
             */
            language: "fr" | "en" | "de" | "it" | null;
            /**
             * @description Last name: letters, no digits
             * @example Debussy
             */
            lastName: string;
            /**
             * @description Phone number in international (E.164) format; null when unknown
             * @example +33612345678
             */
            phone: string | null;
        };
        ContactSummaryResponse: {
            /** @example claude.debussy@example.org */
            email: string;
            /** @example Claude */
            firstName: string;
            /** @example 42 */
            id: number;
            /** @example Debussy */
            lastName: string;
        };
        CreateApiKeyDto: {
            /**
             * @description What the key is for (who or which service holds it), to tell the keys apart in GET /api-keys
             * @example crm-sync
             */
            name: string;
        };
        CreateAuthorizationDto: {
            /**
             * @description Unique code of the authorization in the institution
             * @example NEWSLETTER
             */
            code: string;
            /** @example Receives the newsletter */
            label: string;
        };
        CreateContactDto: {
            /**
             * @description Authorization code -> true, false or null (empty). Authorizations left out are empty.
             * @example {
             *       "NEWSLETTER": true
             *     }
             */
            authorizations?: {
                [key: string]: boolean | null;
            };
            /**
             * Format: date
             * @description Birth date YYYY-MM-DD: a real date, from 1880 to today (UTC); null when unknown (or left out)
             * @example 1980-12-31
             */
            birthDate?: string | null;
            /**
             * @description Criterion code -> value codes (at most one for a single-valued criterion). Criteria left out have no value.
             * @example {
             *       "MUSIC_TASTE": [
             *         "JAZZ",
             *         "ROCK"
             *       ]
             *     }
             */
            criteria?: {
                [key: string]: string[];
            };
            /**
             * @description An e-mail address like name@example.org, or "" when unknown
             * @example claude.debussy@example.org
             */
            email: string;
            /**
             * @description First name: letters, no digits
             * @example Claude
             */
            firstName: string;
            /**
             * @description Language of the contact; null when unknown (or left out)
             * @example fr
             * @enum {string|null}
             */
            language?: "fr" | "en" | "de" | "it" | null;
            /**
             * @description Last name: letters, no digits
             * @example Debussy
             */
            lastName: string;
            /**
             * @description Phone number in international (E.164) format; null when unknown (or left out)
             * @example +33612345678
             */
            phone?: string | null;
        };
        CreateCriterionDto: {
            /**
             * @description Unique code of the criterion in the institution
             * @example MUSIC_TASTE
             */
            code: string;
            /** @example Music taste */
            label: string;
            /**
             * @description Whether a contact may hold several values of this criterion
             * @example true
             */
            multiValued: boolean;
            /**
             * @example [
             *       {
             *         "code": "JAZZ",
             *         "label": "Jazz"
             *       },
             *       {
             *         "code": "ROCK",
             *         "label": "Rock"
             *       }
             *     ]
             */
            values: components["schemas"]["CreateCriterionValueDto"][];
        };
        CreateCriterionValueDto: {
            /**
             * @description Internal code written in files
             * @example JAZZ
             */
            code: string;
            /** @example Jazz */
            label: string;
        };
        CreatedApiKeyResponse: {
            /**
             * @description The new API key, shown only in this answer (stored hashed). Send it as "Authorization: Bearer <key>"; the other keys keep working until revoked.
             * @example cmu_Q2xhdWRlIERlYnVzc3kgLSBDbGFpciBkZSBsdW5lIC0gMTkwNQ
             */
            apiKey: string;
            /** @example 2 */
            id: number;
            /** @example crm-sync */
            name: string;
        };
        CreateInstitutionDto: {
            /**
             * @description Unique code of the institution
             * @example THEATRE_NORD
             */
            code: string;
            /** @example Théâtre du Nord */
            name: string;
        };
        CreateTargetDto: {
            /** @example Jazz lovers with the newsletter */
            name: string;
            /**
             * @description A rule is one of:
             *     - {"all": [rule, …]} (every sub-rule holds; {"all": []} is every contact)
             *     - {"any": [rule, …]} (at least one holds; {"any": []} is no contact)
             *     - {"not": rule}
             *     - {"criterion": CODE, "in": [valueCode, …]} (holds one of these values)
             *     - {"criterion": CODE, "empty": true} (holds no value of this criterion)
             *     - {"authorization": CODE, "is": true | false | null} (null: never answered)
             *     - {"field": "firstName" | "lastName" | "email", "equals" | "contains" | "startsWith": text} (compared as the database collation does: case-insensitive)
             *
             *     Codes are checked against the institution's criteria, values and authorizations when the target is saved; an unknown code or a malformed rule is a 400 naming its path (e.g. "rule.all[2].in").
             * @example {
             *       "all": [
             *         {
             *           "criterion": "MUSIC_TASTE",
             *           "in": [
             *             "JAZZ",
             *             "ROCK"
             *           ]
             *         },
             *         {
             *           "authorization": "NEWSLETTER",
             *           "is": true
             *         },
             *         {
             *           "not": {
             *             "contains": "@competitor.example",
             *             "field": "email"
             *           }
             *         }
             *       ]
             *     }
             */
            rule: {
                [key: string]: unknown;
            };
        };
        CriterionResponse: {
            /** @example MUSIC_TASTE */
            code: string;
            /** @example 3 */
            id: number;
            /** @example Music taste */
            label: string;
            /** @example true */
            multiValued: boolean;
            /** @description Values sorted by code */
            values: components["schemas"]["CriterionValueResponse"][];
        };
        CriterionValueResponse: {
            /**
             * @description Inactive values stay readable on contacts but are no longer offered
             * @example true
             */
            active: boolean;
            /** @example JAZZ */
            code: string;
            /** @example Jazz */
            label: string;
        };
        ErrorBody: {
            /**
             * @description Stable machine-readable error code; docs/error-codes.md says what each means, with its HTTP status. An upload POST /imports cannot open answers an IssueCode of the upload (INVALID_ZIP, ZIP_TOO_LARGE…)
             * @example VALIDATION_FAILED
             */
            code: components["schemas"]["ErrorCode"];
            /**
             * @description Structured details, such as the list of invalid fields
             * @example [
             *       "name must be a string"
             *     ]
             */
            details?: string[] | {
                [key: string]: unknown;
            };
            /** @example name must be a string */
            message: string;
            /** @example 400 */
            statusCode: number;
        };
        /**
         * @description Stable machine-readable error code; docs/error-codes.md says what each means, with its HTTP status. An upload POST /imports cannot open answers an IssueCode of the upload (INVALID_ZIP, ZIP_TOO_LARGE…)
         * @enum {string}
         */
        ErrorCode: "AUTHORIZATION_EXISTS" | "BAD_REQUEST" | "CONFLICT" | "CRITERION_EXISTS" | "DUPLICATE_VALUE" | "ERROR" | "EXPORT_NOT_READY" | "FILE_EXPIRED" | "FILE_REQUIRED" | "FORBIDDEN" | "GONE" | "IDEMPOTENCY_KEY_REUSED" | "IMPORT_FINISHED" | "IMPORT_NOT_COMPLETED" | "IMPORT_NOT_VALIDATED" | "INSTITUTION_EXISTS" | "INTERNAL_ERROR" | "INVALID_ARRAY_SIZE" | "INVALID_AUTHORIZATION_VALUE" | "INVALID_BULK_SIZE" | "INVALID_CRITERION_VALUES" | "INVALID_IDEMPOTENCY_KEY" | "INVALID_LINK" | "INVALID_RULE" | "INVALID_ZIP" | "LAST_API_KEY" | "LINK_EXPIRED" | "NOT_FOUND" | "PAYLOAD_TOO_LARGE" | "REVERT_NOT_CANCELLABLE" | "SERVICE_UNAVAILABLE" | "TARGET_NOT_FOUND" | "TOO_MANY_REQUESTS" | "TOO_MANY_VALUES" | "UNAUTHORIZED" | "UNKNOWN_AUTHORIZATION" | "UNKNOWN_CODE" | "UNKNOWN_CRITERION" | "UNKNOWN_FIELD" | "UNKNOWN_VALUE_CODE" | "UNPROCESSABLE_ENTITY" | "UNSAFE_ZIP_ENTRY" | "UNSUPPORTED_MEDIA_TYPE" | "UNSUPPORTED_ZIP_ENTRY" | "VALIDATION_FAILED" | "VALUE_EXISTS" | "ZIP_ENTRY_COUNT" | "ZIP_RATIO" | "ZIP_TOO_LARGE";
        HealthResponse: {
            /**
             * @description Every indicator
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "up"
             *       }
             *     }
             */
            details: {
                [key: string]: unknown;
            };
            /**
             * @description The indicators that are down, with the reason
             * @example {}
             */
            error: {
                [key: string]: unknown;
            } | null;
            /**
             * @description The indicators that are up
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "up"
             *       }
             *     }
             */
            info: {
                [key: string]: unknown;
            } | null;
            /**
             * @description What this process runs (APP_ROLE): `api` the HTTP side, `worker` the queue processors and schedulers, `all` both; absent in the targets app, which only serves HTTP
             * @example all
             * @enum {string}
             */
            role?: "api" | "worker" | "all";
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "error" | "shutting_down";
        };
        InstitutionResponse: {
            /**
             * @description The institution API key, shown only in this answer (stored hashed). Send it as "Authorization: Bearer <key>".
             * @example cmu_Q2xhdWRlIERlYnVzc3kgLSBDbGFpciBkZSBsdW5lIC0gMTkwNQ
             */
            apiKey: string;
            /** @example THEATRE_NORD */
            code: string;
            /** @example 1 */
            id: number;
            /** @example Théâtre du Nord */
            name: string;
        };
        TargetPreviewResponse: {
            /**
             * @description Number of contacts the rule selects now
             * @example 1234
             */
            count: number;
            /** @description The first 10 of them by id */
            sample: components["schemas"]["ContactSummaryResponse"][];
        };
        TargetResponse: {
            /** @example 7 */
            id: number;
            /** @example Jazz lovers with the newsletter */
            name: string;
            /**
             * @description A rule is one of:
             *     - {"all": [rule, …]} (every sub-rule holds; {"all": []} is every contact)
             *     - {"any": [rule, …]} (at least one holds; {"any": []} is no contact)
             *     - {"not": rule}
             *     - {"criterion": CODE, "in": [valueCode, …]} (holds one of these values)
             *     - {"criterion": CODE, "empty": true} (holds no value of this criterion)
             *     - {"authorization": CODE, "is": true | false | null} (null: never answered)
             *     - {"field": "firstName" | "lastName" | "email", "equals" | "contains" | "startsWith": text} (compared as the database collation does: case-insensitive)
             *
             *     Codes are checked against the institution's criteria, values and authorizations when the target is saved; an unknown code or a malformed rule is a 400 naming its path (e.g. "rule.all[2].in").
             * @example {
             *       "all": [
             *         {
             *           "criterion": "MUSIC_TASTE",
             *           "in": [
             *             "JAZZ",
             *             "ROCK"
             *           ]
             *         },
             *         {
             *           "authorization": "NEWSLETTER",
             *           "is": true
             *         },
             *         {
             *           "not": {
             *             "contains": "@competitor.example",
             *             "field": "email"
             *           }
             *         }
             *       ]
             *     }
             */
            rule: {
                [key: string]: unknown;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys, the oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyResponse"][];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description The new key, shown only in this answer */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description API key id (GET /api-keys) */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CONFLICT",
                     *       "message": "The request conflicts with the current state.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAuthorizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authorizations of your institution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationResponse"][];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createAuthorization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAuthorizationDto"];
            };
        };
        responses: {
            /** @description The created authorization */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state (AUTHORIZATION_EXISTS) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUTHORIZATION_EXISTS",
                     *       "message": "Authorization {code} already exists; choose another code.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    searchContacts: {
        parameters: {
            query?: {
                /** @description Only the contacts with exactly this e-mail address (case and surrounding spaces ignored) */
                email?: string;
                /** @description Which page, from 1 */
                page?: number;
                /** @description How many items a page holds, at most 500 */
                pageSize?: number;
                /** @description Only the contacts whose first name, last name or e-mail starts with each word of q (case and accents ignored), e.g. "mart" or "ana mart" */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the matching contacts and their total */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPageResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createContact: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateContactDto"];
            };
        };
        responses: {
            /** @description The created contact, as GET /contacts/{id} answers it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Contact id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createContactsBulk: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateContactDto"][];
            };
        };
        responses: {
            /** @description The ids of the created contacts */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkContactsResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Upload too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "request entity too large",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCriteria: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The criteria of your institution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CriterionResponse"][];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createCriterion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCriterionDto"];
            };
        };
        responses: {
            /** @description The created criterion with its values */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CriterionResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state (CRITERION_EXISTS) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CRITERION_EXISTS",
                     *       "message": "Criterion {code} already exists; add values with POST /criteria/{code}/values.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listCriterionValues: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Criterion code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The values of the criterion, sorted by code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CriterionValueResponse"][];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    addCriterionValues: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Criterion code */
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCriterionValueDto"][];
            };
        };
        responses: {
            /** @description All the values of the criterion, new ones included */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CriterionValueResponse"][];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state (VALUE_EXISTS) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALUE_EXISTS",
                     *       "message": "Criterion {code} already has one of these values; list its values and send only new codes.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database and Redis answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The database or Redis does not answer: the message names which, `details` holds the whole health result */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "message": "Not ready: database does not answer",
                     *       "statusCode": 503
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createInstitution: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInstitutionDto"];
            };
        };
        responses: {
            /** @description The created institution with its API key (shown only once) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstitutionResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with the current state (INSTITUTION_EXISTS) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INSTITUTION_EXISTS",
                     *       "message": "An institution with code {code} already exists; choose another code.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listTargets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The targets of your institution, by id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetResponse"][];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createTarget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTargetDto"];
            };
        };
        responses: {
            /** @description The saved target */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Target id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The target */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Target id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTargetDto"];
            };
        };
        responses: {
            /** @description The target */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description JSON body over the 10mb limit (PAYLOAD_TOO_LARGE) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.",
                     *       "statusCode": 413
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Target id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    previewTarget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Target id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The count and the sample */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetPreviewResponse"];
                };
            };
            /** @description Invalid request: the message says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "name must be a string",
                     *       "statusCode": 400
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHORIZED",
                     *       "message": "Unknown API key",
                     *       "statusCode": 401
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found in your institution */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "Target 7 was not found in your institution",
                     *       "statusCode": 404
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unexpected error (INTERNAL_ERROR): logged, no detail sent back */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INTERNAL_ERROR",
                     *       "message": "An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.",
                     *       "statusCode": 500
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
