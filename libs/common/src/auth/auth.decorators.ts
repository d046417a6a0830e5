import type { ExecutionContext } from '@nestjs/common';
import { applyDecorators, createParamDecorator, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ACCESS_KEY = 'cmu:access';
export type Access = 'public' | 'admin' | 'institution';

/** Marks an operation of the OpenAPI document as needing no key; buildOpenApiDocument turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';

/** No key needed (health, docs, signed downloads). */
export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, 'public' satisfies Access), ApiExtension(PUBLIC_EXTENSION, true));
/** Only the admin key (ADMIN_API_KEY). */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);

export interface AuthenticatedInstitution {
  id: number;
  code: string;
  /** The API key the request came with. */
  apiKeyId: number;
}

/** The institution the caller's API key belongs to; every query is scoped by its id. */
export const CurrentInstitution = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedInstitution => {
    return context.switchToHttp().getRequest().institution;
  },
);
