import { createHash } from 'node:crypto';
import Redis from 'ioredis';

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent whole only when Redis does not know it yet (first
 * use, or after a restart that lost its script cache): a script called hundreds of times a second
 * is not re-sent and re-hashed on every call.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run<T>(redis: Redis, keys: string[], args: (string | number)[]): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(this.source, keys.length, ...keys, ...args)) as T;
    }
  }
}
