import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthException } from './auth.exception';
import { AuthGuard, REQUIRED_ACCESS, RequestWithActor, RequiredAccess } from './auth.guard';
import type { Actor, CrmAction, CrmResource } from './policy.types';

/**
 * The route needs a signed-in user (Bearer token) or an API key (X-Api-Key). Put it on a
 * controller or a handler; the module must import AuthModule.
 */
export function Authenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({
      description: 'Missing, invalid or expired token, unknown API key, or a disabled account',
    }),
  );
}

/** The actor's role must be allowed `action` on `resource` (per the policy), else 403. */
export function Requires(action: CrmAction, resource: CrmResource): MethodDecorator & ClassDecorator {
  const access: RequiredAccess = { action, resource };
  return applyDecorators(
    SetMetadata(REQUIRED_ACCESS, access),
    ApiForbiddenResponse({ description: `The role may not ${action} ${resource}` }),
  );
}

/** The authenticated actor of the request (routes under @Authenticated()). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw AuthException.unauthorized();
  return actor;
});
