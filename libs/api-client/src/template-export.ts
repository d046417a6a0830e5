/**
 * Types of the template-export app's API, generated from openapi/template-export.json by `npm run openapi`.
 * Do not edit: change the controllers and DTOs, then regenerate.
 */

export interface paths {
    "/downloads/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The zip of a template export through a signed link (no API key) */
        get: operations["downloadTemplateExportByLink"];
        put?: never;
        post?: never;
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
    "/template-exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The institution's template exports, newest first, by status and target (paged) */
        get: operations["listTemplateExports"];
        put?: never;
        /**
         * Build the import template of a target in the background
         * @description Validates the request and queues the job. The zip holds one CSV (or, with format xlsx, one workbook): contact_id, last_name, first_name, email, then `[old] CODE` and `[new] CODE` per field. Errors: 404 target not in your institution; 400 UNKNOWN_FIELD, VALIDATION_FAILED (e.g. a bad e-mail).
         */
        post: operations["createTemplateExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/template-exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status and progress of a template export */
        get: operations["getTemplateExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/template-exports/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The zip of a completed template export */
        get: operations["downloadTemplateExport"];
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
        CreateTemplateExportDto: {
            /**
             * @description Which values the template carries
             * @example criteria
             * @enum {string}
             */
            dataType: "criteria" | "authorizations" | "contacts";
            /**
             * @description ";" suits spreadsheets in French and German locales
             * @default ,
             * @enum {string}
             */
            delimiter?: "," | ";";
            /** @description Who gets an e-mail when the file is ready (or the export failed) */
            email?: string;
            /**
             * @description Field codes to export (criteria or authorization codes; for contacts, contact columns: first_name, last_name, email, birth_date, language, phone). Default: all, in code order (contacts: in that order).
             * @example [
             *       "MUSIC_TASTE"
             *     ]
             */
            fields?: string[];
            /**
             * @description csv, or xlsx: a workbook whose code and id cells are text (no spreadsheet turns 007 into 7), with TRUE/FALSE lists on authorization columns; delimiter applies to csv only
             * @default csv
             * @enum {string}
             */
            format?: "csv" | "xlsx";
            /**
             * @description Language of the e-mail
             * @default fr
             * @enum {string}
             */
            locale?: "fr" | "en";
            /**
             * @description A dynamic target of your institution; evaluated when the job runs
             * @example 1
             */
            targetId: number;
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
        ExportProgress: {
            /**
             * @description Contacts written so far
             * @example 1500
             */
            processed: number;
            /**
             * @description Contacts of the target when the job started; null while queued
             * @example 2000
             */
            total: number | null;
        };
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
        TemplateExportCreatedResponse: {
            /** @example 42 */
            id: number;
            /**
             * @example queued
             * @enum {string}
             */
            status: "queued" | "running" | "completed" | "failed";
        };
        TemplateExportPage: {
            items: components["schemas"]["TemplateExportResponse"][];
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
             * @description Exports matching the filters, on every page
             * @example 12
             */
            total: number;
        };
        TemplateExportResponse: {
            /** @example 2026-11-26T01:33:00.000Z */
            createdAt: string;
            /**
             * @example criteria
             * @enum {string}
             */
            dataType: "criteria" | "authorizations" | "contacts";
            /**
             * @description Why the export failed, and what to do
             * @example null
             */
            error: string | null;
            /**
             * @description Name of the zip, once completed
             * @example template-criteria-12-20261126-013300.zip
             */
            fileName: string | null;
            /**
             * @description Size of the zip in bytes, once completed
             * @example 48213
             */
            fileSize: number | null;
            /** @example 2026-11-26T01:33:04.000Z */
            finishedAt: string | null;
            /** @example 42 */
            id: number;
            progress: components["schemas"]["ExportProgress"];
            /**
             * @description Rows of the file (one per contact), once completed
             * @example 2000
             */
            rowCount: number | null;
            /**
             * @example completed
             * @enum {string}
             */
            status: "queued" | "running" | "completed" | "failed";
            /** @example 12 */
            targetId: number;
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
    downloadTemplateExportByLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The token of the link the e-mail carries */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The zip holding the template */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description With S3_PRESIGNED_DOWNLOADS=true: the zip is at the presigned URL of the bucket in `Location` */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The link was altered (INVALID_LINK) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "INVALID_LINK",
                     *       "message": "The download or report link is not valid (altered, or for another file); use the link from the e-mail as sent.",
                     *       "statusCode": 403
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The export no longer exists */
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
            /** @description The export has no file (EXPORT_NOT_READY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "EXPORT_NOT_READY",
                     *       "message": "Template export {id} has no file yet (queued or running) or failed; wait for status completed.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The link expired (LINK_EXPIRED) or the file was cleaned up (FILE_EXPIRED) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "LINK_EXPIRED",
                     *       "message": "The download or report link has expired; ask for the file again.",
                     *       "statusCode": 410
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
    listTemplateExports: {
        parameters: {
            query?: {
                /** @description Which page, from 1 */
                page?: number;
                /** @description How many items a page holds, at most 500 */
                pageSize?: number;
                /** @description Only the exports in this state */
                status?: "queued" | "running" | "completed" | "failed";
                /** @description Only the exports of this dynamic target */
                targetId?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of your exports, the newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateExportPage"];
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
    createTemplateExport: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (a UUID) that makes a retry safe: the same key with the same request answers the first template export again (header Idempotent-Replayed: true) instead of making a new one; with another request, 422 IDEMPOTENCY_KEY_REUSED. At most 255 characters, spaces around it ignored; a longer key is refused with 400 INVALID_IDEMPOTENCY_KEY */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTemplateExportDto"];
            };
        };
        responses: {
            /** @description Queued: follow it with GET /template-exports/{id} */
            202: {
                headers: {
                    /** @description "true" when the Idempotency-Key was already used with this same request: the answer is the first template export, nothing new was queued */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateExportCreatedResponse"];
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
            /** @description IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was already used for another request (another template export) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "IDEMPOTENCY_KEY_REUSED",
                     *       "message": "The Idempotency-Key was already used for another request ({what} {id}, another body or file); send a new key for a new job, or the same request to get {what} {id} back.",
                     *       "statusCode": 422
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
    getTemplateExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Id of the template export */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export: its status, progress and file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateExportResponse"];
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
    downloadTemplateExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Id of the template export */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The zip holding the template */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description With S3_PRESIGNED_DOWNLOADS=true: the zip is at the presigned URL of the bucket in `Location` */
            302: {
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
            /** @description Conflicts with the current state (EXPORT_NOT_READY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "EXPORT_NOT_READY",
                     *       "message": "Template export {id} has no file yet (queued or running) or failed; wait for status completed.",
                     *       "statusCode": 409
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Expired (FILE_EXPIRED) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FILE_EXPIRED",
                     *       "message": "The file of template export {id} was deleted after FILE_RETENTION_DAYS days; create the export again.",
                     *       "statusCode": 410
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
