import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../core/config/app-config';
import { PasswordHasher } from '../../auth/password-hasher.service';
import type { Role } from '../../auth/policy.types';
import { Customer } from '../customers/customer.entity';
import { Deal } from '../deals/deal.entity';
import { Invoice } from '../invoices/invoice.entity';
import { utcDate } from '../invoices/invoices.service';
import { Lead } from '../leads/lead.entity';
import { Organization } from '../organizations/organization.entity';
import { Payment } from '../payments/payment.entity';
import { TicketComment } from '../tickets/ticket-comment.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { DEMO } from './demo-data';

export interface SeedLogin {
  role: Role;
  name: string;
  email: string;
  /** Absent for the bootstrap admin (its password came from the environment). */
  password?: string;
}

export interface SeedResult {
  kind: 'demo' | 'bootstrap-admin';
  /** False when an earlier start already seeded (nothing was added now). */
  created: boolean;
  organizationName: string;
  logins: SeedLogin[];
}

const DEMO_MARKER = 'crm.demo-seed';
const ADMIN_MARKER = 'crm.bootstrap-admin';
const DAY_MS = 24 * 60 * 60_000;

/**
 * First-start data. Local mode (not production, not test): the demo organization with one user
 * per role and a few records of each kind, logins printed. With BOOTSTRAP_ADMIN_EMAIL and
 * BOOTSTRAP_ADMIN_PASSWORD (production): only that vendor, once. Each runs in one transaction
 * with a marker in app_settings, so re-running (or two instances starting together) never
 * duplicates anything. Tests call `seedDemo()` themselves.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);
  private seeded: SeedResult | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  /** What the start-up seed did (null in tests, or before the app has bootstrapped). */
  result(): SeedResult | null {
    return this.seeded;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.isTest) return;
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config.env;
    if (email && password) {
      this.seeded = await this.seedBootstrapAdmin(email, password);
      if (this.seeded.created) this.logger.log(`Created the bootstrap vendor account ${email}`);
    } else if (!this.config.isProduction) {
      this.seeded = await this.seedDemo();
      this.logger.log(
        `${this.seeded.created ? 'Created the demo organization' : 'Demo organization'} "${this.seeded.organizationName}"; logins: ${this.seeded.logins
          .map((l) => `${l.role} ${l.email} / ${l.password}`)
          .join(', ')}`,
      );
    }
  }

  /** The demo organization, once; later calls return the same logins. */
  async seedDemo(): Promise<SeedResult> {
    const passwords = { vendor: demoPassword(), employee: demoPassword(), customer: demoPassword() };
    const hashes = {
      vendor: await this.hasher.hash(passwords.vendor),
      employee: await this.hasher.hash(passwords.employee),
      customer: await this.hasher.hash(passwords.customer),
    };
    return this.dataSource.transaction(async (manager) => {
      const earlier = await claimMarker(manager, DEMO_MARKER);
      if (earlier !== undefined) return { ...(JSON.parse(earlier) as SeedResult), created: false };
      const result: SeedResult = {
        kind: 'demo',
        created: true,
        organizationName: DEMO.organization,
        logins: [
          { role: 'vendor', name: DEMO.vendor.name, email: DEMO.vendor.email, password: passwords.vendor },
          { role: 'employee', name: DEMO.employee.name, email: DEMO.employee.email, password: passwords.employee },
          {
            role: 'customer',
            name: DEMO.customerUser.name,
            email: DEMO.customerUser.email,
            password: passwords.customer,
          },
        ],
      };
      await this.insertDemo(manager, hashes);
      await manager.query('UPDATE app_settings SET value = $2, updated_at = now() WHERE key = $1', [
        DEMO_MARKER,
        JSON.stringify(result),
      ]);
      return result;
    });
  }

  /** The production bootstrap vendor, once (a later change of the variables creates nothing). */
  async seedBootstrapAdmin(email: string, password: string): Promise<SeedResult> {
    const normalized = email.trim().toLowerCase();
    const domain = normalized.split('@')[1] ?? 'My organization';
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      const earlier = await claimMarker(manager, ADMIN_MARKER);
      if (earlier !== undefined) return { ...(JSON.parse(earlier) as SeedResult), created: false };
      const existing = await manager.getRepository(User).findOne({ where: { email: normalized } });
      let organizationName = domain;
      if (existing) {
        const organization = await manager.getRepository(Organization).findOneByOrFail({ id: existing.organizationId });
        organizationName = organization.name;
      } else {
        const organization = await manager.getRepository(Organization).save({ name: domain });
        await manager.getRepository(User).save(
          manager.getRepository(User).create({
            organizationId: organization.id,
            email: normalized,
            name: 'Administrator',
            role: 'vendor',
            customerId: null,
            passwordHash,
            disabledAt: null,
            lastLoginAt: null,
          }),
        );
      }
      const result: SeedResult = {
        kind: 'bootstrap-admin',
        created: !existing,
        organizationName,
        logins: [{ role: 'vendor', name: 'Administrator', email: normalized }],
      };
      await manager.query('UPDATE app_settings SET value = $2, updated_at = now() WHERE key = $1', [
        ADMIN_MARKER,
        JSON.stringify(result),
      ]);
      return result;
    });
  }

  private async insertDemo(
    manager: EntityManager,
    hashes: Record<'vendor' | 'employee' | 'customer', string>,
  ): Promise<void> {
    const now = Date.now();
    const organization = await manager.getRepository(Organization).save({ name: DEMO.organization });
    const organizationId = organization.id;

    const customers = new Map<string, Customer>();
    for (const c of DEMO.customers) {
      const { key, ...fields } = c;
      customers.set(key, await manager.getRepository(Customer).save({ organizationId, ...fields, notes: null }));
    }
    const customerOf = (key: string): Customer => customers.get(key)!;

    const user = (role: Role, person: { email: string; name: string }, customerId: string | null): Promise<User> =>
      manager.getRepository(User).save(
        manager.getRepository(User).create({
          organizationId,
          email: person.email,
          name: person.name,
          role,
          customerId,
          passwordHash: hashes[role],
          disabledAt: null,
          lastLoginAt: null,
        }),
      );
    const vendor = await user('vendor', DEMO.vendor, null);
    const employee = await user('employee', DEMO.employee, null);
    const customerUser = await user('customer', DEMO.customerUser, customerOf('bakery').id);
    const ownerId = (owner: 'vendor' | 'employee' | null): string | null =>
      owner === 'vendor' ? vendor.id : owner === 'employee' ? employee.id : null;

    for (const l of DEMO.leads) {
      await manager.getRepository(Lead).save(
        manager.getRepository(Lead).create({
          organizationId,
          name: l.name,
          email: l.email,
          phone: null,
          company: l.company,
          source: l.source,
          status: l.status,
          assigneeId: ownerId(l.owner),
          notes: null,
        }),
      );
    }
    const dealsByCustomer = new Map<string, Deal>();
    for (const d of DEMO.deals) {
      const deal = await manager.getRepository(Deal).save(
        manager.getRepository(Deal).create({
          organizationId,
          title: d.title,
          customerId: customerOf(d.customer).id,
          stage: d.stage,
          amountMinor: d.amountMinor,
          currency: 'USD',
          assigneeId: ownerId(d.owner),
          expectedCloseDate: utcDate(new Date(now + 30 * DAY_MS)),
          closedAt: d.stage === 'won' || d.stage === 'lost' ? new Date(now) : null,
        }),
      );
      dealsByCustomer.set(d.customer, deal);
    }
    for (const t of DEMO.tickets) {
      const ticket = await manager.getRepository(Ticket).save(
        manager.getRepository(Ticket).create({
          organizationId,
          customerId: customerOf(t.customer).id,
          subject: t.subject,
          description: null,
          status: t.status,
          priority: t.priority,
          assigneeId: ownerId(t.owner),
          createdById: t.customer === 'bakery' ? customerUser.id : vendor.id,
          resolvedAt: t.status === 'resolved' || t.status === 'closed' ? new Date(now) : null,
        }),
      );
      for (const c of t.comments) {
        await manager.getRepository(TicketComment).save({
          organizationId,
          ticketId: ticket.id,
          authorId: c.by === 'customer' ? customerUser.id : employee.id,
          body: c.body,
        });
      }
    }
    let sequence = 0;
    for (const i of DEMO.invoices) {
      sequence += 1;
      const customer = customerOf(i.customer);
      const invoice = await manager.getRepository(Invoice).save(
        manager.getRepository(Invoice).create({
          organizationId,
          customerId: customer.id,
          dealId: dealsByCustomer.get(i.customer)?.id ?? null,
          number: `INV-${String(sequence).padStart(6, '0')}`,
          status: i.status,
          currency: 'USD',
          amountMinor: i.amountMinor,
          paidMinor: i.paidMinor,
          description: i.description,
          dueDate: utcDate(new Date(now + i.dueInDays * DAY_MS)),
          issuedAt: i.status === 'draft' ? null : new Date(now - 20 * DAY_MS),
          paidAt: i.status === 'paid' ? new Date(now) : null,
        }),
      );
      if (i.paidMinor > 0) {
        await manager.getRepository(Payment).save(
          manager.getRepository(Payment).create({
            organizationId,
            invoiceId: invoice.id,
            customerId: customer.id,
            amountMinor: i.paidMinor,
            currency: 'USD',
            method: 'bank_transfer',
            reference: `DEMO-${sequence}`,
            paidAt: new Date(now),
            recordedById: vendor.id,
          }),
        );
      }
    }
    await manager.getRepository(Organization).update({ id: organizationId }, { invoiceSequence: sequence });
  }
}

/**
 * Takes the marker row for `key` inside the transaction. Returns the earlier value when it
 * exists; otherwise inserts a placeholder that commits together with the seeded rows. The
 * advisory lock makes a second instance wait for the first one's outcome.
 */
async function claimMarker(manager: EntityManager, key: string): Promise<string | undefined> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  const rows: { value: string }[] = await manager.query('SELECT value FROM app_settings WHERE key = $1', [key]);
  if (rows.length > 0) return rows[0].value;
  await manager.query("INSERT INTO app_settings (key, value) VALUES ($1, '{}')", [key]);
  return undefined;
}

function demoPassword(): string {
  return `demo-${randomBytes(6).toString('base64url')}`;
}
