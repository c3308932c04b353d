import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signPayload, webhookHeaders } from '../../src/alerts/signing.ts';

describe('Standard Webhooks signing', () => {
  it('matches the published test vector', () => {
    // From the Standard Webhooks / Svix documentation.
    expect(
      signPayload(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('produces headers the reference library verifies', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const body = JSON.stringify({ type: 'alert.firing', data: { value: 1 } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders(secret, 'msg_1', timestamp, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'alert.firing', data: { value: 1 } });
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('sends id and timestamp but no signature without a secret', () => {
    expect(webhookHeaders(undefined, 'msg_2', 1700000000, '{}')).toEqual({
      'webhook-id': 'msg_2',
      'webhook-timestamp': '1700000000',
    });
  });
});
