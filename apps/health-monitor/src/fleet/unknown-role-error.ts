import { BiopipeError, findClosestMatch } from '@biopipe/core';

/** A role name that `config/fleet.yaml` does not define. Exit code 2 (usage). */
export class UnknownRoleError extends BiopipeError {
  readonly role: string;
  readonly available: readonly string[];

  constructor(role: string, available: readonly string[], fleetFile: string) {
    const closest = findClosestMatch(role, available);
    const suggestion = closest === undefined ? '' : ` Did you mean "${closest}"?`;
    super('usage', `Unknown role "${role}" in ${fleetFile}.${suggestion}`, {
      hint: `Roles: ${available.join(', ')}.`,
    });
    this.role = role;
    this.available = available;
  }
}
