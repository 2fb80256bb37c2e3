// Fuzzing every method's request schema through the one dispatcher both transports use (IPC and
// the headless HTTP API): arbitrary JSON always comes back as an envelope, never a throw; a payload
// its schema refuses is `invalid-request` with a message, and only a payload it accepts reaches
// the handler.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, OperatorError, type EngineHandlers } from '../../../main/engine/dispatch.ts';
import { Envelope, methods, type MethodName } from '../../../preload/api.ts';

const NAMES = Object.keys(methods) as MethodName[];
const REACHED = 'reached the handler';

// Every handler refuses with a marker, so the test sees exactly which payloads got past the schema.
const handlers = new Proxy({} as EngineHandlers, {
  get: () => () => {
    throw new OperatorError('refused', REACHED);
  },
});

const payload = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('minutes', 'limit', 'offset', 'text', 'status', 'id', 'orderType', 'orderNbr', 'setup', 'saveUntested', 'newSecret', 'expiresOn', 'password', 'pollIntervalSeconds', 'destinations'), fc.jsonValue()),
);

describe('fuzz: dispatch', () => {
  it('answers any JSON with an envelope; schema failures are invalid-request with a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), payload, async (method, request) => {
        const envelope = await dispatch(handlers, method, request);
        expect(Envelope.safeParse(envelope).success).toBe(true);
        expect(envelope.ok).toBe(false);
        if (envelope.ok) return;
        const accepted = methods[method].request.safeParse(request).success;
        if (accepted) expect(envelope.error).toEqual({ code: 'refused', message: REACHED });
        else {
          expect(envelope.error.code).toBe('invalid-request');
          expect(envelope.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('a handler that throws anything becomes a failed envelope, not an exception', async () => {
    const throwing = new Proxy({} as EngineHandlers, {
      get: () => () => {
        throw new TypeError('boom');
      },
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), async (method) => {
        const envelope = await dispatch(throwing, method, undefined);
        expect(Envelope.safeParse(envelope).success).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
