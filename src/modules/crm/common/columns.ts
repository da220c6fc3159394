import { ValueTransformer } from 'typeorm';

// node-postgres returns bigint as a string; amounts in minor units stay far below 2^53.
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
