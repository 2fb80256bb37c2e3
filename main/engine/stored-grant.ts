// What the engine may know of the stored grant without handling the token: when it was issued,
// so the refresh token's age shows even before this process has refreshed it.
import { StoredGrantSchema } from '../acumatica/token-store.ts';

export function grantIssuedAt(stored: string | undefined): number | null {
  if (!stored) return null;
  try {
    const parsed = StoredGrantSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data.refreshTokenIssuedAt : null;
  } catch {
    return null;
  }
}
