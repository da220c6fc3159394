interface Query {
  query: string;
  parameters?: unknown[];
}

function statement(q: Query): string {
  const params = q.parameters && q.parameters.length ? `, ${JSON.stringify(q.parameters)}` : '';
  return `    await queryRunner.query(${JSON.stringify(q.query)}${params});`;
}

/** The source of a TypeORM migration class, in the form `typeorm migration:generate` writes. */
export function renderMigration(name: string, timestamp: number, up: Query[], down: Query[]): string {
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(statement).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${[...down].reverse().map(statement).join('\n')}
  }
}
`;
}
