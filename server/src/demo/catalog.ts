/** The simulated shop: its services, payment channels and the incidents the demo can inject. */

export const CHANNELS = ['alipay', 'wechatpay', 'card'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SERVICES = [
  'api-gateway',
  'order-svc',
  'risk-svc',
  'inventory-svc',
  'payment-svc',
  'alipay-gw',
  'wechatpay-gw',
  'card-gw',
  'notification-svc',
] as const;
export type Service = (typeof SERVICES)[number];

/** Deployed versions, as a resource attribute (a rollout shows up as a new value). */
export const SERVICE_VERSIONS: Readonly<Record<Service, string>> = {
  'api-gateway': '4.1.0',
  'order-svc': '3.14.2',
  'risk-svc': '1.9.0',
  'inventory-svc': '2.4.1',
  'payment-svc': '5.2.0',
  'alipay-gw': '1.3.7',
  'wechatpay-gw': '1.5.2',
  'card-gw': '0.9.12',
  'notification-svc': '2.0.3',
};

export interface ChannelProfile {
  gateway: Service;
  /** Name of the outbound client span to the third party. */
  operation: string;
  peerService: string;
  serverAddress: string;
  /** Typical decline reason the channel reports. */
  declineMessage: string;
  declineCode: string;
  /** A transient error the channel answers with when busy: worth one retry. */
  transientMessage: string;
  transientCode: string;
}

export const CHANNEL_PROFILES: Readonly<Record<Channel, ChannelProfile>> = {
  alipay: {
    gateway: 'alipay-gw',
    operation: 'alipay.trade.pay',
    peerService: 'alipay',
    serverAddress: 'openapi.alipay.com',
    declineMessage: 'ACQ.BUYER_BALANCE_NOT_ENOUGH: buyer balance not enough',
    declineCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH',
    transientMessage: 'ACQ.SYSTEM_ERROR: system busy, please retry',
    transientCode: 'ACQ.SYSTEM_ERROR',
  },
  wechatpay: {
    gateway: 'wechatpay-gw',
    operation: 'wechatpay.transactions.jsapi',
    peerService: 'wechatpay',
    serverAddress: 'api.mch.weixin.qq.com',
    declineMessage: 'NOTENOUGH: insufficient balance',
    declineCode: 'NOTENOUGH',
    transientMessage: 'SYSTEMERROR: system error, please retry later',
    transientCode: 'SYSTEMERROR',
  },
  card: {
    gateway: 'card-gw',
    operation: 'card.authorize',
    peerService: 'card-acquirer',
    serverAddress: 'api.acquirer.example',
    declineMessage: 'card_declined: do not honor (05)',
    declineCode: '05',
    transientMessage: 'issuer_unavailable: issuer or switch inoperative (91)',
    transientCode: '91',
  },
};

export const DEFAULT_CHANNEL_MIX: Readonly<Record<Channel, number>> = {
  alipay: 0.45,
  wechatpay: 0.35,
  card: 0.2,
};

export const INCIDENTS = {
  'wechatpay-slow': 'WeChat Pay answers 4x slower with a fat tail: channel_pay timeouts for wechatpay',
  'risk-down': 'the risk engine refuses or hangs: risk_check errors and timeouts, orders fail',
  'callbacks-lost': 'Alipay stops sending payment callbacks: payments stuck in "processing"',
  'card-declines': 'the card acquirer declines a quarter of authorizations',
} as const;
export type Incident = keyof typeof INCIDENTS;

export function isIncident(name: string): name is Incident {
  return Object.hasOwn(INCIDENTS, name);
}
