/**
 * Zone lookup for the plan: which managed zone holds a name. Allocation-free suffix checks for the
 * usual handful of zones; for many zones, a walk over the name's suffixes against a set keeps it
 * O(labels) instead of O(zones).
 * @module
 */

/** The longest zone holding `name`, or undefined when no zone holds it. */
export type ZoneLookup = (name: string) => string | undefined;

/** The zone key used when the plan is given no zones: every name lies in it. */
export const ALL_NAMES_ZONE = '';

const SCAN_LIMIT = 16;

/**
 * Builds a lookup over `zones` (canonical names; a trailing dot and upper case are tolerated).
 * With no zones every name belongs to the single zone `ALL_NAMES_ZONE`, so filtering by zone is
 * off and the safety threshold counts all records together.
 */
export function createZoneLookup(zones: readonly string[]): ZoneLookup {
  if (zones.length === 0) return () => ALL_NAMES_ZONE;
  const known = [...new Set(zones.map((z) => z.trim().toLowerCase().replace(/\.$/, '')))];
  if (known.length <= SCAN_LIMIT) {
    // Longest first, so the first zone that holds the name is the answer (as zoneOf() defines it).
    const ordered = known.sort((a, b) => b.length - a.length).map((zone) => ({ zone, suffix: `.${zone}` }));
    return (name) => ordered.find((z) => name === z.zone || name.endsWith(z.suffix))?.zone;
  }
  const set = new Set(known);
  return (name) => {
    // The first suffix (at a label boundary) found is the longest zone.
    let suffix = name;
    for (;;) {
      if (set.has(suffix)) return suffix;
      const dot = suffix.indexOf('.');
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
    }
  };
}
