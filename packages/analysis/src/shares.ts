// Work split into shares, for threads (`vpcsim ... --jobs N`) and machines (`vpcsim check
// --shard i/n`). Share `index` of `count` keeps the items whose position i, in the order one run
// walks them, has i % count === index: every item is in exactly one share, whatever the count,
// and the shares of a large estate get sources (or checks) from every part of it alike. A share's
// answer is plain data (it crosses threads); merging the shares gives what one run gives.

/** Share `index` (0-based) of `count`. */
export interface Share {
  readonly index: number;
  readonly count: number;
}

/** All the work in one share. */
export const WHOLE: Share = { index: 0, count: 1 };

/** Whether the item at position `i` is in the share. */
export function inShare(i: number, share: Share): boolean {
  return i % share.count === share.index;
}
