/**
 * Zone lookup for the plan: which managed zone holds a name. Walks the name's suffixes against a
 * set instead of scanning every zone, so it stays O(labels) however many zones the provider has.
 * @module
 */

/** The longest zone holding `name`, or undefined when no zone holds it. */
export type ZoneLookup = (name: string) => string | undefined;

/** The zone key used when the plan is given no zones: every name lies in it. */
export const ALL_NAMES_ZONE = '';

/**
 * Builds a lookup over `zones` (canonical names; a trailing dot and upper case are tolerated).
 * With no zones every name belongs to the single zone `ALL_NAMES_ZONE`, so filtering by zone is
 * off and the safety threshold counts all records together.
 */
export function createZoneLookup(zones: readonly string[]): ZoneLookup {
  if (zones.length === 0) return () => ALL_NAMES_ZONE;
  const known = new Set(zones.map((z) => z.trim().toLowerCase().replace(/\.$/, '')));
  return (name) => {
    // The first suffix (at a label boundary) found is the longest zone, as zoneOf() defines it.
    let suffix = name;
    for (;;) {
      if (known.has(suffix)) return suffix;
      const dot = suffix.indexOf('.');
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
    }
  };
}
