/**
 * Types of the notifications app's API, generated from openapi/notifications.json by `npm run openapi`.
 * Do not edit: change the controllers and DTOs, then regenerate.
 */

export interface paths {
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
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The e-mails of your institution and their delivery state, the newest first */
        get: operations["listNotifications"];
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
        NotificationResponse: {
            /**
             * @description Delivery attempts made so far
             * @example 1
             */
            attempts: number;
            /**
             * @description The last delivery error, while not sent: for a failed mail, why it was given up (with the mail server’s reply when it refused it)
             * @example connect ECONNREFUSED 127.0.0.1:25
             */
            error: string | null;
            /**
             * @description The template export the e-mail is about (GET /template-exports/{id}); null for an import e-mail
             * @example 7
             */
            exportId: number | null;
            /** @example 42 */
            id: number;
            /**
             * @description The import the e-mail is about (GET /imports/{id}); null for a template export e-mail
             * @example null
             */
            importId: number | null;
            /**
             * Format: date-time
             * @example 2026-11-26T09:30:00.000Z
             */
            sentAt: string | null;
            /** @description pending: not delivered yet (retries may follow); sent: accepted by the mail server; failed: given up, after the last attempt or at once when the mail server refused it for good (a 5xx reply) */
            status: components["schemas"]["NotificationStatus"];
            /**
             * @description Null until the e-mail is first rendered
             * @example Votre modèle d’import « Jazz lovers » est prêt (2 000 contacts)
             */
            subject: string | null;
            /**
             * @description Recipient address
             * @example anne.martin@example.com
             */
            to: string;
            /** @example template-export.completed */
            type: components["schemas"]["NotificationType"];
        };
        /** @enum {string} */
        NotificationStatus: "pending" | "sent" | "failed";
        /** @enum {string} */
        NotificationType: "template-export.completed" | "template-export.failed" | "import.completed" | "import.failed";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
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
    listNotifications: {
        parameters: {
            query?: {
                /** @description Only the e-mails about this template export (its id, as POST /template-exports answered it) */
                exportId?: number;
                /** @description Only the e-mails about this import (its id, as POST /imports answered it) */
                importId?: number;
                /** @description How many e-mails at most, the newest first */
                limit?: number;
                /** @description Only the e-mails in this delivery state */
                status?: components["schemas"]["NotificationStatus"];
                /** @description Only the e-mails sent to this address */
                to?: string;
                /** @description Only this kind of e-mail */
                type?: components["schemas"]["NotificationType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The e-mails of your institution, the newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationResponse"][];
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
}
