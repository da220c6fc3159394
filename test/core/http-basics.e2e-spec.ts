import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { readJson, startTestApp, TestApp } from '../support/test-app';

class AddressDto {
  @IsString()
  @MinLength(2)
  city!: string;
}

class ProbeDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count!: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
}

// A probe mounted only in this test, to exercise the global pipe and filter.
@Controller('test-probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_BODY_LIMIT: '2048' }, { extraImports: [ProbeModule] });
  });
  afterAll(() => t.close());

  it('answers an unknown route 404 in the error format', async () => {
    const res = await t.request('/no/such/route');
    expect(res.status).toBe(404);
    expect(await readJson(res)).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /no/such/route' } });
  });

  it('answers malformed JSON 400 MALFORMED_JSON', async () => {
    const res = await t.request('/test-probe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.code).toBe('MALFORMED_JSON');
  });

  it('answers a body over the limit 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.request('/test-probe', { method: 'POST', json: { email: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect((await readJson(res)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lists every invalid field with its problems', async () => {
    const res = await t.request('/test-probe', {
      method: 'POST',
      json: { email: 'nope', count: 99, address: { city: 'A' } },
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const fields = Object.fromEntries(
      body.error.details.map((d: { field: string; problems: string[] }) => [d.field, d.problems]),
    );
    expect(Object.keys(fields).sort()).toEqual(['address.city', 'count', 'email']);
    expect(fields.email[0]).toMatch(/email/);
    expect(fields.count[0]).toMatch(/10/);
  });

  it('rejects unknown fields', async () => {
    const res = await t.request('/test-probe', {
      method: 'POST',
      json: { email: 'a@b.co', count: 1, address: { city: 'Paris' }, isAdmin: true },
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.details).toEqual([{ field: 'isAdmin', problems: ['property isAdmin should not exist'] }]);
  });

  it('accepts valid input', async () => {
    const res = await t.request('/test-probe', {
      method: 'POST',
      json: { email: 'a@b.co', count: 3, address: { city: 'Paris' } },
    });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toEqual({ email: 'a@b.co', count: 3, address: { city: 'Paris' } });
  });

  it('answers unknown errors 500 INTERNAL_ERROR without internals', async () => {
    const res = await t.request('/test-probe/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('INTERNAL_ERROR');
    expect(text).not.toContain('hunter2');
  });

  it("echoes the caller's request id, or makes one", async () => {
    const mine = await t.request('/health', { headers: { 'x-request-id': 'req-42' } });
    expect(mine.headers.get('x-request-id')).toBe('req-42');
    const generated = await t.request('/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await t.request('/health', { headers: { 'x-request-id': 'a b\tc<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI page and document', async () => {
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const doc = await readJson(t.request('/api/docs/json'));
    expect(doc.info.title).toBe('Telegram CRM integration');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready']));
  });

  it('serves the queue dashboard', async () => {
    const res = await t.request('/admin/queues');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Telegram CRM queues');
  });

  it('exposes Prometheus metrics with the HTTP histogram', async () => {
    await t.request('/health');
    const text = await (await t.request('/metrics')).text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
  });
});
