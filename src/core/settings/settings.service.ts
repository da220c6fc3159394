import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class SettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(key: string): Promise<string | undefined> {
    const rows: { value: string }[] = await this.dataSource.query('SELECT value FROM app_settings WHERE key = $1', [
      key,
    ]);
    return rows[0]?.value;
  }

  /**
   * The stored value for `key`, or `create()`'s value stored now. Concurrent callers on
   * several instances all get the one value that won the insert.
   */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    await this.dataSource.query('INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      create(),
    ]);
    const stored = await this.get(key);
    if (stored === undefined) throw new Error(`Setting ${key} vanished right after it was written`);
    return stored;
  }
}
