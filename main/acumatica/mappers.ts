// Wire records (already parsed by wire.ts) to the plain domain types. Pure functions; timestamps
// are passed through exactly as Acumatica sent them.
import type { Address, Contact, Order, OrderLine, Package, Shipment, ShipmentLine, StockItem } from './domain.ts';
import type { AddressWire, ContactWire, SalesOrderWire, ShipmentWire, StockItemWire } from './wire.ts';

function toAddress(wire: AddressWire): Address {
  return {
    addressLine1: wire?.AddressLine1 ?? null,
    addressLine2: wire?.AddressLine2 ?? null,
    city: wire?.City ?? null,
    state: wire?.State ?? null,
    postalCode: wire?.PostalCode ?? null,
    country: wire?.Country ?? null,
  };
}

function toContact(wire: ContactWire): Contact {
  return {
    attention: wire?.Attention ?? null,
    businessName: wire?.BusinessName ?? null,
    email: wire?.Email ?? null,
    phone: wire?.Phone1 ?? null,
  };
}

export function toOrder(wire: SalesOrderWire): Order {
  return {
    id: wire.id,
    orderType: wire.OrderType,
    orderNbr: wire.OrderNbr,
    status: wire.Status,
    date: wire.Date,
    requestedOn: wire.RequestedOn,
    customerId: wire.CustomerID,
    customerOrder: wire.CustomerOrder,
    description: wire.Description,
    shipVia: wire.ShipVia,
    lastModified: wire.LastModified,
    shipTo: toAddress(wire.ShipToAddress),
    shipToContact: toContact(wire.ShipToContact),
    lines: wire.Details.map(
      (line): OrderLine => ({
        lineNbr: line.LineNbr,
        inventoryId: line.InventoryID,
        description: line.LineDescription,
        quantity: line.OrderQty,
        uom: line.UOM,
        warehouseId: line.WarehouseID,
        unitPrice: line.UnitPrice,
      }),
    ),
  };
}

export function toShipment(wire: ShipmentWire): Shipment {
  return {
    id: wire.id,
    shipmentNbr: wire.ShipmentNbr,
    type: wire.Type,
    status: wire.Status,
    shipmentDate: wire.ShipmentDate,
    customerId: wire.CustomerID,
    warehouseId: wire.WarehouseID,
    shipVia: wire.ShipVia,
    lastModified: wire.LastModifiedDateTime,
    lines: wire.Details.map(
      (line): ShipmentLine => ({
        orderType: line.OrderType,
        orderNbr: line.OrderNbr,
        inventoryId: line.InventoryID,
        shippedQty: line.ShippedQty ?? 0,
      }),
    ),
    packages: wire.Packages.map(
      (pkg): Package => ({
        id: pkg.id ?? null,
        boxId: pkg.BoxID,
        trackingNbr: pkg.TrackingNbr,
        weight: pkg.Weight,
      }),
    ),
    orders: wire.Orders.map((ref) => ({ orderType: ref.OrderType, orderNbr: ref.OrderNbr })),
  };
}

export function toStockItem(wire: StockItemWire): StockItem {
  return {
    id: wire.id,
    inventoryId: wire.InventoryID,
    description: wire.Description,
    itemStatus: wire.ItemStatus,
    baseUom: wire.BaseUOM,
    defaultWarehouseId: wire.DefaultWarehouseID,
    lastModified: wire.LastModified,
  };
}
