import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const ACCESS_KEY = 'cmu:access';
export type Access = 'public' | 'admin' | 'institution';

/** No key needed (health, docs, signed downloads). */
export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);
/** Only the admin key (ADMIN_API_KEY). */
export const AdminOnly = () => SetMetadata(ACCESS_KEY, 'admin' satisfies Access);

export interface AuthenticatedInstitution {
  id: number;
  code: string;
}

/** The institution the caller's API key belongs to; every query is scoped by its id. */
export const CurrentInstitution = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedInstitution => {
  return context.switchToHttp().getRequest().institution;
});
