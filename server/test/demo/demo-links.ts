import { DEMO_LINKS_DIR } from '../../src/link/load-link.ts';

/** The demo's refund link, beside the payment link in the demo's links directory. */
export const DEMO_REFUND_LINK_FILE = `${DEMO_LINKS_DIR}refund-link.yaml`;
