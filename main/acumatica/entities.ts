// Entity-specific helpers over the generic REST client: the field names, keys and expansions of
// SalesOrder, Shipment and StockItem, and the mapping to domain types.
import type { Order, Shipment, StockItem } from './domain.ts';
import { toOrder, toShipment, toStockItem } from './mappers.ts';
import type { Filter } from './odata-filter.ts';
import type { AcumaticaRestClient, Page, Result } from './rest-client.ts';
import { parseRecords, parseRecord } from './entity-parse.ts';
import { SalesOrderWire, ShipmentWire, StockItemWire } from './wire.ts';

/** The last-modified field differs by entity; asking for one an entity lacks is a 500. */
export const LAST_MODIFIED_FIELD = {
  SalesOrder: 'LastModified',
  Shipment: 'LastModifiedDateTime',
  StockItem: 'LastModified',
} as const;

export const DEFAULT_EXPAND = {
  SalesOrder: ['Details', 'ShipToAddress', 'ShipToContact'],
  Shipment: ['Details', 'Packages', 'Orders'],
  StockItem: [],
} as const satisfies Record<keyof typeof LAST_MODIFIED_FIELD, readonly string[]>;

export interface EntityListQuery {
  filter?: Filter;
  top?: number;
  skip?: number;
  /** Defaults to DEFAULT_EXPAND for the entity; detail arrays not expanded come back empty. */
  expand?: readonly string[];
}

export interface TrackingPackage {
  /** The package's `id` to update it; omit to add a package. */
  id?: string;
  trackingNbr: string;
  boxId?: string;
  weight?: number;
}

const wrap = (value: unknown) => ({ value });

export class AcumaticaEntities {
  readonly client: AcumaticaRestClient;

  constructor(client: AcumaticaRestClient) {
    this.client = client;
  }

  async listSalesOrders(query: EntityListQuery = {}): Promise<Page<Order>> {
    const page = await this.client.list('SalesOrder', { ...query, expand: query.expand ?? DEFAULT_EXPAND.SalesOrder });
    return { ...page, records: parseRecords(page.records, SalesOrderWire, 'SalesOrder').map(toOrder) };
  }

  async listShipments(query: EntityListQuery = {}): Promise<Page<Shipment>> {
    const page = await this.client.list('Shipment', { ...query, expand: query.expand ?? DEFAULT_EXPAND.Shipment });
    return { ...page, records: parseRecords(page.records, ShipmentWire, 'Shipment').map(toShipment) };
  }

  async listStockItems(query: EntityListQuery = {}): Promise<Page<StockItem>> {
    const page = await this.client.list('StockItem', { ...query, expand: query.expand ?? DEFAULT_EXPAND.StockItem });
    return { ...page, records: parseRecords(page.records, StockItemWire, 'StockItem').map(toStockItem) };
  }

  async getSalesOrder(orderType: string, orderNbr: string): Promise<Result<Order>> {
    const { record, requests } = await this.client.get('SalesOrder', [orderType, orderNbr], { expand: DEFAULT_EXPAND.SalesOrder });
    return { record: toOrder(parseRecord(record, SalesOrderWire, `SalesOrder ${orderType} ${orderNbr}`)), requests };
  }

  async getShipment(shipmentNbr: string): Promise<Result<Shipment>> {
    const { record, requests } = await this.client.get('Shipment', [shipmentNbr], { expand: DEFAULT_EXPAND.Shipment });
    return { record: toShipment(parseRecord(record, ShipmentWire, `Shipment ${shipmentNbr}`)), requests };
  }

  /** Writes tracking numbers: packages with an `id` are updated, without one are added. Update-only. */
  async putShipmentPackages(shipmentId: string, packages: readonly TrackingPackage[]): Promise<Result<Shipment>> {
    const body = {
      id: shipmentId,
      Packages: packages.map((pkg) => ({
        ...(pkg.id ? { id: pkg.id } : {}),
        TrackingNbr: wrap(pkg.trackingNbr),
        ...(pkg.boxId !== undefined ? { BoxID: wrap(pkg.boxId) } : {}),
        ...(pkg.weight !== undefined ? { Weight: wrap(pkg.weight) } : {}),
      })),
    };
    const { record, requests } = await this.client.put('Shipment', body, { expand: DEFAULT_EXPAND.Shipment, ifMatch: '*' });
    return { record: toShipment(parseRecord(record, ShipmentWire, 'the saved Shipment')), requests };
  }

  confirmShipment(shipmentNbr: string): Promise<{ requests: number }> {
    return this.client.action('Shipment', 'ConfirmShipment', { entity: { ShipmentNbr: wrap(shipmentNbr) } });
  }
}
