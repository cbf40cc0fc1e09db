/**
 * Open terminal sessions, counted in all and per principal: each one holds an engine connection and
 * a process in a container, so both are bounded (OPSDECK_EXEC_MAX_SESSIONS, _PER_USER).
 */
export class SessionLimits {
  private total = 0;
  private readonly byOwner = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerOwner: number,
  ) {}

  /** A release function when there is room, else why not. */
  take(owner: string): (() => void) | string {
    if (this.total >= this.maxTotal) return `Too many terminal sessions open (${this.maxTotal} in all)`;
    const mine = this.byOwner.get(owner) ?? 0;
    if (mine >= this.maxPerOwner) return `You have ${mine} terminal sessions open already (the limit)`;
    this.total++;
    this.byOwner.set(owner, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byOwner.get(owner) ?? 1) - 1;
      if (left > 0) this.byOwner.set(owner, left);
      else this.byOwner.delete(owner);
    };
  }

  open(): number {
    return this.total;
  }
}
