import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth.service';
import { PolicyService } from './policy.service';
import type { Actor, CrmAction, CrmResource } from './policy.types';

export const REQUIRED_ACCESS = 'auth:required-access';

export interface RequiredAccess {
  action: CrmAction;
  resource: CrmResource;
}

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/**
 * Authenticates the request (Bearer token or X-Api-Key) and, when the route declares
 * `@Requires(action, resource)`, asks the policy whether the actor's role may do that at all
 * (403 before any lookup). Record-level rules are checked by the services with the same policy.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly policy: PolicyService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const apiKey = request.headers['x-api-key'];
    const actor = await this.auth.authenticate(
      request.headers.authorization,
      Array.isArray(apiKey) ? apiKey[0] : apiKey,
    );
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required) this.policy.assertAllowed(actor, required.action, required.resource);
    return true;
  }
}
