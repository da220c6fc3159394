import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { CrmModule } from './crm.module';
import { CustomersController } from './customers/customers.controller';
import { DealsController } from './deals/deals.controller';
import { InvoicesController } from './invoices/invoices.controller';
import { LeadsController } from './leads/leads.controller';
import { PaymentsController } from './payments/payments.controller';
import { StatsController } from './stats/stats.controller';
import { TicketsController } from './tickets/tickets.controller';
import { UsersController } from './users/users.controller';

/**
 * The CRM's REST API (SPEC §14). Apart from CrmModule so that AuthModule, which needs the CRM
 * to log people in, can guard these controllers without an import cycle.
 */
@Module({
  imports: [CrmModule, AuthModule],
  controllers: [
    UsersController,
    CustomersController,
    LeadsController,
    DealsController,
    TicketsController,
    InvoicesController,
    PaymentsController,
    StatsController,
    ApiKeysController,
  ],
})
export class CrmApiModule {}
