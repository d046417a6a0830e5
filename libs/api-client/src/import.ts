/**
 * Types of the import app's API, generated from openapi/import.json by `npm run openapi`.
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
    "/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest 100 imports, newest first */
        get: operations["listImports"];
        put?: never;
        /**
         * Upload an edited template to validate it or apply it (mass update)
         * @description A .zip (or .xlsx) that cannot be opened is refused at once: a 400 whose code is an IssueCode (INVALID_ZIP, UNSAFE_ZIP_ENTRY, UNSUPPORTED_ZIP_ENTRY, ZIP_ENTRY_COUNT, ZIP_RATIO, ZIP_TOO_LARGE). Every other problem of the file is reported by the import itself, in fileErrors and the report.
         */
        post: operations["createImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status, progress, counts and file errors of an import */
        get: operations["getImport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/{id}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a validated import with its stored file, re-checking against current data */
        post: operations["applyImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued import, or stop a running one after its current batch
         * @description A finished import answers 409 IMPORT_FINISHED; a running revert answers 409 REVERT_NOT_CANCELLABLE (it runs to its end).
         */
        post: operations["cancelImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The report: every error, warning and conflict, by line; as CSV, or as paged JSON with the applied changes
         * @description CSV (the default, the whole report) or, with `Accept: application/json`, a page of it as JSON (`page`, `pageSize`); `include=changes` adds the same page of the values the apply wrote (contact, field, old and new value). page, pageSize and include are read by the JSON answer only.
         */
        get: operations["getImportReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/{id}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore the old values of the fields that still hold what the import wrote */
        post: operations["revertImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an import report through the signed link sent by e-mail */
        get: operations["downloadImportReport"];
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
        CreateImportUploadDto: {
            /**
             * @description Apply nothing when any row has an error
             * @default false
             */
            allOrNothing?: boolean;
            /**
             * @description What the file updates: criteria or authorization values, or contacts (a row with contact_id updates that contact, a row without one creates a contact)
             * @example criteria
             * @enum {string}
             */
            dataType: "criteria" | "authorizations" | "contacts";
            /**
             * @description Where to send the result (report attached); left empty, no e-mail
             * @example
             */
            email?: string;
            /**
             * Format: binary
             * @description The edited template: a .csv or an .xlsx workbook (first sheet), or a .zip holding exactly one of them
             */
            file: string;
            /**
             * @description Language of the e-mail
             * @default fr
             * @enum {string}
             */
            locale?: "fr" | "en";
            /**
             * @description validate = test the quality of the file, writes nothing; apply = mass update
             * @example validate
             * @enum {string}
             */
            mode: "validate" | "apply";
            /**
             * @description When [old] differs from the current value: leave the field (skip) or write it (overwrite)
             * @default skip
             * @enum {string}
             */
            onConflict?: "skip" | "overwrite";
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
        FileErrorResponse: {
            /**
             * @description A stable issue code; docs/issue-codes.md says what each means and how to fix it
             * @example UNKNOWN_CODE
             */
            code: components["schemas"]["IssueCode"];
            /** @example Column "[new] MUSIK": no criterion has the code MUSIK */
            message: string;
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
        ImportChangePage: {
            items: components["schemas"]["ImportChangeResponse"][];
            /**
             * @description Changes the import logged, on every page
             * @example 348
             */
            total: number;
        };
        ImportChangeResponse: {
            /** @example 1024 */
            contactId: number;
            /**
             * @description Criterion or authorization code, or contact column; __created for a contact the import created
             * @example NEWSLETTER
             */
            field: string;
            /**
             * @description The kind of field
             * @example authorization
             * @enum {string}
             */
            fieldType: "criterion" | "authorization" | "contact";
            /**
             * @description Line of the file that asked for it
             * @example 7
             */
            line: number;
            /**
             * @description The value the import wrote, as a file writes it
             * @example FALSE
             */
            newValue: string;
            /**
             * @description The value before, as a file writes it (empty: no value)
             * @example TRUE
             */
            oldValue: string;
            /**
             * @description Restored by a revert
             * @example false
             */
            reverted: boolean;
        };
        ImportCountsResponse: {
            /**
             * @description Field values written (0 for validate)
             * @example 348
             */
            applied: number;
            /**
             * @description Field values that differ from the current ones
             * @example 350
             */
            changes: number;
            /**
             * @description Fields whose [old] value differs from the current one (STALE_VALUE)
             * @example 2
             */
            conflicts: number;
            /**
             * @description Rows with at least one error (skipped)
             * @example 10
             */
            errorRows: number;
            /**
             * @description Data rows read
             * @example 1000
             */
            rows: number;
            /**
             * @description Field values equal to the current ones
             * @example 9550
             */
            unchanged: number;
            /** @example 990 */
            validRows: number;
        };
        ImportCreatedResponse: {
            /** @example 42 */
            id: number;
            /**
             * @example queued
             * @enum {string}
             */
            status: "queued" | "running" | "validated" | "completed" | "failed" | "cancelled" | "reverted";
        };
        ImportProgress: {
            /**
             * @description Rows read so far
             * @example 12000
             */
            processed: number;
            /**
             * @description Rows in the file, once known
             * @example 50000
             */
            total: number | null;
        };
        ImportReportPage: {
            /** @description With include=changes: the values written, page `page` of `pageSize` of them */
            changes?: components["schemas"]["ImportChangePage"];
            items: components["schemas"]["ReportLineResponse"][];
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
             * @description Lines of the whole report
             * @example 12
             */
            total: number;
        };
        ImportResponse: {
            /** @example false */
            allOrNothing: boolean;
            counts: components["schemas"]["ImportCountsResponse"];
            /**
             * Format: date-time
             * @example 2026-11-26T09:30:00.000Z
             */
            createdAt: string;
            /** @enum {string} */
            dataType: "criteria" | "authorizations" | "contacts";
            /** @example null */
            error?: string | null;
            /** @description Why the file was refused: the first 100 file errors at most; `fileErrorsOmitted` counts the others, and the report (GET /imports/{id}/report) lists them all */
            fileErrors: components["schemas"]["FileErrorResponse"][];
            /**
             * @description How many file errors `fileErrors` leaves out (0 when it lists them all); the report has them all
             * @example 0
             */
            fileErrorsOmitted: number;
            /**
             * @description The uploaded file name, for display
             * @example template-criteria-3.zip
             */
            fileName: string;
            /**
             * Format: date-time
             * @example 2026-11-26T09:31:12.000Z
             */
            finishedAt?: string | null;
            /** @example 42 */
            id: number;
            /** @enum {string} */
            mode: "validate" | "apply";
            /** @enum {string} */
            onConflict: "skip" | "overwrite";
            progress: components["schemas"]["ImportProgress"];
            /**
             * @description The report of this import (API key needed): CSV, or paged JSON with Accept: application/json (include=changes adds the values written)
             * @example http://localhost:3003/imports/42/report
             */
            reportUrl: string;
            /** @enum {string} */
            status: "queued" | "running" | "validated" | "completed" | "failed" | "cancelled" | "reverted";
            /**
             * @description Where the import stands, how many rows have errors and where to read them, and what to do next
             * @example Validated: 1 of 4 rows has errors and would be skipped; 3 values would change. See each one by line in the report (GET /imports/42/report; JSON with Accept: application/json). Fix those rows and upload the file again, or apply it as is with POST /imports/42/apply.
             */
            summary: string;
        };
        /**
         * @description A stable issue code; docs/issue-codes.md says what each means and how to fix it
         * @enum {string}
         */
        IssueCode: "ALL_OR_NOTHING_REJECTED" | "BINARY_CONTENT" | "CHANGED_SINCE_IMPORT" | "DIGITS_IN_NAME" | "DUPLICATE_COLUMN" | "DUPLICATE_CONTACT" | "DUPLICATE_EMAIL_IN_FILE" | "DUPLICATE_VALUE" | "EMAIL_ALREADY_USED" | "EMPTY_FILE" | "EMPTY_HEADER" | "EMPTY_VALUE_PART" | "FUTURE_DATE" | "INVALID_BOOLEAN" | "INVALID_CONTACT_ID" | "INVALID_DATE" | "INVALID_EMAIL" | "INVALID_PHONE" | "INVALID_ZIP" | "JOB_LOST" | "LINE_TOO_LONG" | "MALFORMED_CSV" | "MALFORMED_ROW" | "MALFORMED_XLSX" | "MISSING_CONTACT_ID" | "MISSING_NAME" | "NO_FIELD_COLUMNS" | "NUMERIC_CODE_COERCED" | "OLD_WITHOUT_NEW" | "STALE_VALUE" | "TOO_LARGE" | "TOO_LONG" | "TOO_MANY_CELLS" | "TOO_MANY_VALUES" | "UNKNOWN_CODE" | "UNKNOWN_CONTACT" | "UNKNOWN_LANGUAGE" | "UNKNOWN_VALUE_CODE" | "UNSAFE_ZIP_ENTRY" | "UNSUPPORTED_ENCODING" | "UNSUPPORTED_ZIP_ENTRY" | "UNTERMINATED_QUOTE" | "ZIP_ENTRY_COUNT" | "ZIP_RATIO" | "ZIP_TOO_LARGE";
        ReportLineResponse: {
            /** @example INVALID_BOOLEAN */
            code: components["schemas"]["IssueCode"];
            /**
             * @description The column, empty for a row or file issue
             * @example [new] NEWSLETTER
             */
            column: string;
            /**
             * @description The contact_id cell of that line, as written (empty for the file)
             * @example 1024
             */
            contactId: string;
            /**
             * @description Line of the file as a spreadsheet shows it (0: the file)
             * @example 7
             */
            line: number;
            /** @example "yes" is not an authorization value: write TRUE, FALSE or leave the cell empty */
            message: string;
            /**
             * @example error
             * @enum {string}
             */
            severity: "error" | "warning" | "conflict";
            /**
             * @description The cell as read
             * @example yes
             */
            value: string | null;
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
    listImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The imports of your institution, the newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResponse"][];
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
    createImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (a UUID) that makes a retry safe: the same key with the same request answers the first import again (header Idempotent-Replayed: true) instead of making a new one; with another request, 422 IDEMPOTENCY_KEY_REUSED. At most 255 characters, spaces around it ignored; a longer key is refused with 400 INVALID_IDEMPOTENCY_KEY */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["CreateImportUploadDto"];
            };
        };
        responses: {
            /** @description Queued; follow it with GET /imports/{id} */
            202: {
                headers: {
                    /** @description "true" when the Idempotency-Key was already used with this same request: the answer is the first import, nothing new was queued */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportCreatedResponse"];
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
            /** @description IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was already used for another request (another import) */
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
    getImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The import: its status, progress and counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResponse"];
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
    applyImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued to apply; follow it with GET /imports/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportCreatedResponse"];
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
            /** @description Conflicts with the current state (IMPORT_NOT_VALIDATED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "IMPORT_NOT_VALIDATED",
                     *       "message": "Import {id} is {status}; only a validated import can be applied. Upload the file again with mode=apply.",
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
    cancelImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled, or stopping after its current batch */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportCreatedResponse"];
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
            /** @description Conflicts with the current state (IMPORT_FINISHED, REVERT_NOT_CANCELLABLE) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "IMPORT_FINISHED",
                     *       "message": "Import {id} is {status}; only a queued or running import can be cancelled.",
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
    getImportReport: {
        parameters: {
            query?: {
                /** @description JSON only: changes adds the same page of the values the apply wrote (the change log: contact, field, old and new value) */
                include?: "changes";
                /** @description Which page, from 1 */
                page?: number;
                /** @description How many items a page holds, at most 500 */
                pageSize?: number;
            };
            header?: never;
            path: {
                /** @description The import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV line,contact_id,column,value,code,severity,message (UTF-8 with BOM, CRLF), or JSON with Accept: application/json; code is an IssueCode, severity error, warning or conflict */
            200: {
                headers: {
                    /** @description Accept: the representation follows it */
                    Vary?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReportPage"];
                    "text/csv": string;
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
    revertImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued to revert; follow it with GET /imports/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportCreatedResponse"];
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
            /** @description Conflicts with the current state (IMPORT_NOT_COMPLETED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "IMPORT_NOT_COMPLETED",
                     *       "message": "Import {id} is {status}; only a completed apply can be reverted.",
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
    downloadImportReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token of the e-mail link */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
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
            /** @description Forbidden (INVALID_LINK) */
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
            /** @description Expired (LINK_EXPIRED) */
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
}
