import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule } from '../auth/auth-core.module';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { BuiltInCrmService } from './builtin-crm.service';
import { CRM_PORT } from './crm.port';
import { Customer } from './customers/customer.entity';
import { CustomersRepository } from './customers/customers.repository';
import { CustomersService } from './customers/customers.service';
import { Deal } from './deals/deal.entity';
import { DealsRepository } from './deals/deals.repository';
import { DealsService } from './deals/deals.service';
import { CrmEventConsumer } from './events/crm-event-consumer.entity';
import { CrmEventDelivery } from './events/crm-event-delivery.entity';
import { CrmEvent } from './events/crm-event.entity';
import { CrmEventConsumerRegistry } from './events/crm-event-consumer.registry';
import { CrmEventDispatcherService } from './events/crm-event-dispatcher.service';
import { CrmEventsWriter } from './events/crm-events.writer';
import { InvoiceOverdueScheduler } from './invoices/invoice-overdue.scheduler';
import { Invoice } from './invoices/invoice.entity';
import { InvoicesRepository } from './invoices/invoices.repository';
import { InvoicesService } from './invoices/invoices.service';
import { Lead } from './leads/lead.entity';
import { LeadsRepository } from './leads/leads.repository';
import { LeadsService } from './leads/leads.service';
import { Organization } from './organizations/organization.entity';
import { OrganizationsService } from './organizations/organizations.service';
import { Payment } from './payments/payment.entity';
import { PaymentsRepository } from './payments/payments.repository';
import { PaymentsService } from './payments/payments.service';
import { DemoSeedService } from './seed/demo-seed.service';
import { StatsService } from './stats/stats.service';
import { TicketComment } from './tickets/ticket-comment.entity';
import { Ticket } from './tickets/ticket.entity';
import { TicketsRepository } from './tickets/tickets.repository';
import { TicketsService } from './tickets/tickets.service';
import { User } from './users/user.entity';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/**
 * The built-in CRM. Other modules use CRM_PORT (records for an actor), the event registry
 * (react to changes), and the services the REST API and identity need; never its
 * repositories or entities.
 */
@Module({
  imports: [
    AuthCoreModule,
    TypeOrmModule.forFeature([
      Organization,
      User,
      Customer,
      Lead,
      Deal,
      Ticket,
      TicketComment,
      Invoice,
      Payment,
      ApiKey,
      CrmEvent,
      CrmEventConsumer,
      CrmEventDelivery,
    ]),
  ],
  providers: [
    UsersRepository,
    CustomersRepository,
    LeadsRepository,
    DealsRepository,
    TicketsRepository,
    InvoicesRepository,
    PaymentsRepository,
    ApiKeysRepository,
    CrmEventsWriter,
    OrganizationsService,
    UsersService,
    CustomersService,
    LeadsService,
    DealsService,
    TicketsService,
    InvoicesService,
    PaymentsService,
    StatsService,
    ApiKeysService,
    BuiltInCrmService,
    { provide: CRM_PORT, useExisting: BuiltInCrmService },
    CrmEventConsumerRegistry,
    CrmEventDispatcherService,
    InvoiceOverdueScheduler,
    DemoSeedService,
  ],
  exports: [
    CRM_PORT,
    CrmEventConsumerRegistry,
    DemoSeedService,
    OrganizationsService,
    UsersService,
    CustomersService,
    LeadsService,
    DealsService,
    TicketsService,
    InvoicesService,
    PaymentsService,
    StatsService,
    ApiKeysService,
    AuthCoreModule,
  ],
})
export class CrmModule {}
