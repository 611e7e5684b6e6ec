/**
 * A copy of a string that shares no storage with a larger one. V8 makes a substring of 13+ characters a view into
 * its parent string, and the event's short fields are such views into the text of the whole record (the Thrift
 * decoder's one latin1 decode; a POST record can be hundreds of kilobytes). A view kept in a long-lived cache keeps
 * that parent alive: cache keys and values derived from event strings must be own copies.
 */
export function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string of text.length + 1 characters first: the result is a view
  // into that small string (or a copy, under 13 characters), never into `text`'s parent.
  return ` ${text}`.slice(1);
}
