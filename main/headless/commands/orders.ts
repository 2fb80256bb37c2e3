// `orders`: imported orders, newest first, with lines and ship-to for scripts (--json).
import { lineViews } from '../../engine/enrich-lines.ts';
import { parseFlags, positiveInteger } from '../cli-args.ts';
import { EXIT, type Command } from '../cli-types.ts';
import { withEngine } from './with-engine.ts';

export const ordersCommand: Command = {
  name: 'orders',
  summary: 'imported orders, newest first',
  usage: 'orders [--json] [--limit N]',
  async run(context, args) {
    const { values } = parseFlags(args, { json: { type: 'boolean' }, limit: { type: 'string' } });
    const limit = positiveInteger('limit', values.limit, 50);
    return withEngine(context, async ({ connector }) => {
      const { orders } = connector.ledger.orders.listOrders({ limit });
      const details = orders.map((summary) => connector.ledger.orders.getOrder(summary)?.order).filter((order) => order !== undefined);
      if (values.json) {
        context.out(
          JSON.stringify(
            details.map((order) => ({
              orderType: order.orderType,
              orderNbr: order.orderNbr,
              status: order.status,
              customerId: order.customerId,
              customerOrder: order.customerOrder,
              date: order.date,
              shipVia: order.shipVia,
              lastModified: order.lastModified,
              importedAt: new Date(order.firstImportedAt).toISOString(),
              shipTo: order.shipTo,
              shipToContact: order.shipToContact,
              lines: lineViews(connector.ledger, order.lines),
            })),
            null,
            2,
          ),
        );
      } else {
        for (const order of details) {
          context.out(`${order.orderType} ${order.orderNbr}  ${order.status.padEnd(10)}  ${order.customerId ?? ''}  ${order.shipTo.city ?? ''}  ${order.lines.length} lines  ${order.lastModified}`);
        }
        if (details.length === 0) context.out('No orders imported yet.');
      }
      return EXIT.ok;
    });
  },
};
