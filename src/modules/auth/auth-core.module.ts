import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import { PolicyService } from './policy.service';

/**
 * Access rules and password hashing, with no dependency on any CRM: the built-in CRM uses
 * them to scope its queries, AuthModule to guard the REST API.
 */
@Module({
  providers: [PolicyService, PasswordHasher],
  exports: [PolicyService, PasswordHasher],
})
export class AuthCoreModule {}
