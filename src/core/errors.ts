// Typed domain errors. They carry a code and parameters, never prose: src/i18n renders them
// in Chinese or English for the chat user (see `errors.*` keys in the catalogs).

export type DomainErrorCode =
  | 'not_found'
  | 'wrong_state'
  | 'forbidden'
  | 'stale_version'
  | 'already_done'
  | 'unknown_nature'
  | 'unknown_category'
  | 'unknown_team'
  | 'unknown_person'
  | 'invalid_level'
  | 'invalid_input'
  /** "Save as knowledge" once more for an incident that already has a live entry. */
  | 'already_saved'
  /** A second satisfaction rating for the same incident (it is taken once). */
  | 'already_rated'
  /** A read refused: the person has no part in the incident (core/read-access.ts). */
  | 'not_yours';

export type ErrorParams = Record<string, string | number>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
