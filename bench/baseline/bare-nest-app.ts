import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

// The baseline of the benchmarks: a bare Nest 11 + Fastify app with one route.
@Controller()
class BareController {
  @Get('health/ready')
  ready(): { status: string } {
    return { status: 'ok' };
  }

  @Post('webhook')
  accept(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
}

void main();
