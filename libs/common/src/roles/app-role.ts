import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
/** What a process of the import, template-export or notifications app runs (APP_ROLE). */
export type AppRole = (typeof APP_ROLES)[number];

/** The role this process runs, provided by its app module (absent in the targets app, which has no workers). */
export const APP_ROLE = Symbol('APP_ROLE');

type ModuleImport = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** An app's modules by role: `api` serves HTTP and produces jobs, `worker` holds the processors and schedulers. */
export interface RoleParts {
  shared: ModuleImport[];
  api: ModuleImport[];
  worker: ModuleImport[];
}

@Global()
@Module({})
class AppRoleModule {
  static of(role: AppRole): DynamicModule {
    return { module: AppRoleModule, providers: [{ provide: APP_ROLE, useValue: role }], exports: [APP_ROLE] };
  }
}

/**
 * The imports of an app running `role`: the HTTP side and the queue workers scale apart, and a worker still answers
 * /health (PlatformModule, in `shared`).
 */
export function importsForRole(role: AppRole, parts: RoleParts): ModuleImport[] {
  return [
    AppRoleModule.of(role),
    ...parts.shared,
    ...(role === 'worker' ? [] : parts.api),
    ...(role === 'api' ? [] : parts.worker),
  ];
}

/** The root of an app built for one role (main.ts with APP_ROLE=api or worker). */
@Module({})
class RoleAppModule {}

/**
 * The module main.ts starts for `role`: `whole` (the app with every part, as the tests and the OpenAPI documents start
 * it) for `all`, else the same app without the part the role does not run.
 */
export function appModuleForRole(whole: Type<unknown>, role: AppRole, parts: RoleParts): Type<unknown> | DynamicModule {
  return role === 'all' ? whole : { module: RoleAppModule, imports: importsForRole(role, parts) };
}
