/**
 * Do-not-track cookie (spec/collector.md §2.5): when the first request cookie called `name` fully matches the
 * regex `value`, the event is not stored and no cookie is set; the response is otherwise normal.
 */
import { findCookie } from './request-cookies';

export type DoNotTrackTest = (cookieHeader: string | undefined) => boolean;

export function doNotTrackTest(cfg: { enabled: boolean; name: string; value: string }): DoNotTrackTest {
  if (!cfg.enabled) return () => false;
  const full = new RegExp(`^(?:${cfg.value})$`);
  return (cookieHeader) => {
    const v = findCookie(cookieHeader, cfg.name);
    return v !== undefined && full.test(v);
  };
}
