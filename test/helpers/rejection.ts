import { expect } from 'vitest';
import { StyleSwapError } from '../../src/errors';

/** The StyleSwapError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<StyleSwapError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeInstanceOf(StyleSwapError);
  return error as StyleSwapError;
}
