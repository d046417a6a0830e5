import type { UploadIssueCode } from '../issues/issue-codes';
import { ISSUE_CODES, UPLOAD_ISSUE_CODES } from '../issues/issue-codes';

/**
 * Every `code` an error answer of the apps can carry (`{statusCode, code, message}`, ErrorBody), with its HTTP
 * status and the general form of its message. DomainError takes its code from here, so an unknown code does not
 * compile and the status is the catalog's; the OpenAPI documents list the codes (`ErrorCode`) and `npm run docs`
 * writes the table of docs/error-codes.md.
 *
 * `message` is the general form for the docs: the answer says more (the id, the property, the limit).
 * A word in braces stands for what the answer names: `{id}`, `{code}`, `{path}` (a property of the body, e.g.
 * `[3].criteria.MUSIC`), `{status}`, `{limit}`… Renaming a code breaks the clients that switch on it: add a code rather
 * than rename one.
 *
 * The 400 that POST /imports answers for an upload it cannot open carries an issue code instead
 * (UPLOAD_ISSUE_CODES, documented in docs/issue-codes.md); ErrorCode includes them.
 */

export interface ErrorCodeInfo {
  /** The HTTP status of the answer; `null` for ERROR, whose status is the error's own. */
  status: number | null;
  message: string;
}

export const API_ERROR_CODES = {
  // Any app: the request as a whole. The filter answers these for errors of Nest, Express and multer.
  VALIDATION_FAILED: {
    status: 400,
    message:
      'The body, query or parameters do not match the schema: the message (and `details`) lists each invalid property and why; fix them and send again.',
  },
  BAD_REQUEST: {
    status: 400,
    message:
      'The request cannot be read (a malformed JSON body, a parameter of the wrong type); the message says what.',
  },
  UNAUTHORIZED: {
    status: 401,
    message:
      'No API key, or an unknown one: send `Authorization: Bearer <key>` (the admin key for the admin operations and the queue dashboard).',
  },
  FORBIDDEN: { status: 403, message: 'The request is not allowed.' },
  NOT_FOUND: {
    status: 404,
    message: '{what} {id} was not found in your institution (or no operation has this path); check the id.',
  },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  GONE: { status: 410, message: 'The resource existed but is no longer available.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: 'The body or the uploaded file is larger than the limit (MAX_UPLOAD_BYTES for an upload); split it.',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The body has a content type the operation does not read.' },
  UNPROCESSABLE_ENTITY: { status: 422, message: 'The request is well formed but cannot be processed.' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests; wait and send again.' },
  ERROR: { status: null, message: 'Any other error status, with the message of the error.' },
  INTERNAL_ERROR: {
    status: 500,
    message: 'An unexpected error occurred; it has been logged (no detail is sent back). Try again, or report it.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message:
      'GET /health: not ready, {what} does not answer (the database, Redis or the file store); `details` says which.',
  },

  // Any app: headers and links.
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    message:
      'The Idempotency-Key header must be at most {limit} characters (POST /imports, POST /template-exports); send a shorter key, such as a UUID.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message:
      'The Idempotency-Key was already used for another request ({what} {id}, another body or file); send a new key for a new job, or the same request to get {what} {id} back.',
  },
  INVALID_LINK: {
    status: 403,
    message:
      'The download or report link is not valid (altered, or for another file); use the link from the e-mail as sent.',
  },
  LINK_EXPIRED: { status: 410, message: 'The download or report link has expired; ask for the file again.' },

  // targets: institutions, criteria, authorizations, contacts.
  INSTITUTION_EXISTS: {
    status: 409,
    message: 'An institution with code {code} already exists; choose another code.',
  },
  LAST_API_KEY: {
    status: 409,
    message:
      'API key {id} is the last key of your institution; create another one (POST /api-keys) before revoking it.',
  },
  CRITERION_EXISTS: {
    status: 409,
    message: 'Criterion {code} already exists; add values with POST /criteria/{code}/values.',
  },
  VALUE_EXISTS: {
    status: 409,
    message: 'Criterion {code} already has one of these values; list its values and send only new codes.',
  },
  DUPLICATE_VALUE: { status: 400, message: '{path}: value {code} is listed twice; list each code once.' },
  AUTHORIZATION_EXISTS: { status: 409, message: 'Authorization {code} already exists; choose another code.' },
  INVALID_ARRAY_SIZE: {
    status: 400,
    message: 'The body must hold between {min} and {max} items; split larger lists.',
  },
  INVALID_BULK_SIZE: {
    status: 400,
    message: 'POST /contacts/bulk takes between 1 and {limit} contacts per request; split larger lists.',
  },
  UNKNOWN_CRITERION: { status: 400, message: '{path}: unknown criterion code {code}; see GET /criteria.' },
  INVALID_CRITERION_VALUES: {
    status: 400,
    message: '{path}: must be an array of value codes, e.g. ["JAZZ"] ([] for none).',
  },
  TOO_MANY_VALUES: {
    status: 400,
    message: '{path}: criterion {code} is single-valued; send at most one value code.',
  },
  UNKNOWN_VALUE_CODE: {
    status: 400,
    message: '{path}: {value} is not a value of criterion {code}; see GET /criteria/{code}/values.',
  },
  UNKNOWN_AUTHORIZATION: {
    status: 400,
    message: '{path}: unknown authorization code {code}; see GET /authorizations.',
  },
  INVALID_AUTHORIZATION_VALUE: { status: 400, message: '{path}: must be true, false or null.' },

  // targets: the rule of a dynamic target (also when an export resolves it).
  INVALID_RULE: {
    status: 400,
    message: '{path} is not a valid rule (the message says what is expected); `details` has the path.',
  },
  UNKNOWN_CODE: {
    status: 400,
    message: '{path}: the rule names a criterion, value or authorization code the institution does not have.',
  },

  // template-export.
  UNKNOWN_FIELD: {
    status: 400,
    message: 'Unknown {dataType} field(s) in `fields` (listed in `details`); list the codes with the targets API.',
  },
  TARGET_NOT_FOUND: {
    status: 404,
    message: 'The target {id} no longer exists (an export job); create the export again for an existing target.',
  },
  EXPORT_NOT_READY: {
    status: 409,
    message: 'Template export {id} has no file yet (queued or running) or failed; wait for status completed.',
  },
  FILE_EXPIRED: {
    status: 410,
    message: 'The file of template export {id} was deleted after FILE_RETENTION_DAYS days; create the export again.',
  },

  // import.
  FILE_REQUIRED: {
    status: 400,
    message: 'POST /imports needs the template (.csv or .xlsx, or the .zip holding it) as the multipart field "file".',
  },
  IMPORT_NOT_VALIDATED: {
    status: 409,
    message: 'Import {id} is {status}; only a validated import can be applied. Upload the file again with mode=apply.',
  },
  IMPORT_FINISHED: {
    status: 409,
    message: 'Import {id} is {status}; only a queued or running import can be cancelled.',
  },
  REVERT_NOT_CANCELLABLE: {
    status: 409,
    message: 'Import {id} is being reverted; a revert runs to its end and cannot be cancelled.',
  },
  IMPORT_NOT_COMPLETED: {
    status: 409,
    message: 'Import {id} is {status}; only a completed apply can be reverted.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** Every code of an error answer: the API's own, and the issue codes of an upload POST /imports refuses. */
export type ErrorCode = ApiErrorCode | UploadIssueCode;

/** The codes a DomainError may carry: those with a fixed status (not ERROR). */
export type DomainErrorCode = {
  [K in ErrorCode]: K extends ApiErrorCode ? ((typeof API_ERROR_CODES)[K]['status'] extends number ? K : never) : K;
}[ErrorCode];

/** The status and message of an upload issue code: a 400 with the issue's message. */
const uploadInfo = (code: UploadIssueCode): ErrorCodeInfo => ({ status: 400, message: ISSUE_CODES[code].message });

/** Every error code with its status and message, the upload issue codes included. */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  ...API_ERROR_CODES,
  ...(Object.fromEntries(UPLOAD_ISSUE_CODES.map((code) => [code, uploadInfo(code)])) as Record<
    UploadIssueCode,
    ErrorCodeInfo
  >),
};

/** Every error code, sorted: the `ErrorCode` enum of the OpenAPI documents. */
export const ERROR_CODE_LIST: ErrorCode[] = (Object.keys(ERROR_CODES) as ErrorCode[]).sort();

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);

/** The HTTP status of a DomainError's code. */
export const errorStatus = (code: DomainErrorCode): number => ERROR_CODES[code].status ?? 500;
