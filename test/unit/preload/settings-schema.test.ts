import { describe, expect, it } from 'vitest';
import { Destinations } from '../../../preload/api.ts';

describe('destinations', () => {
  // A URL that does not parse at all used to throw out of safeParse: the dashboard's Save did
  // nothing (an uncaught error in the page) and `config set destinations` failed with exit 1.
  it.each(['not a url', 'fulfillment.example.com/in', 'https://'])('refuses the webhook URL %j with a message, not a throw', (url) => {
    const result = Destinations.safeParse({ webhook: { url }, folder: null });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain('The webhook URL is not a web address.');
  });
});
