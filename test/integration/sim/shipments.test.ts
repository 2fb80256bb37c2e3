// Writing tracking numbers (PUT Shipment with Packages) and the ConfirmShipment action.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ShipmentRecord, type Simulator } from '../../acumatica-sim/index.ts';
import { accessToken, api, T0, V } from './helpers.ts';

let sim: Simulator;
let token: string;
let shipment: ShipmentRecord;

beforeAll(async () => {
  sim = await startSimulator({ orders: 50, clock: () => T0, virtualDirectory: '/AcumaticaERP', maxApiSessions: 100 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(async () => {
  sim.reset();
  token = await accessToken(sim);
  const order = sim.admin.createOrder({ lines: 2 });
  shipment = sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 2 });
});

const put = (body: unknown, headers: Record<string, string> = {}) =>
  api(sim, token, `${V}/Shipment`, { method: 'PUT', query: { $expand: 'Packages' }, body, headers });

describe('PUT Shipment', () => {
  it('updates a package by id and adds one without id, stamping last-modified', async () => {
    const [p1] = shipment.packages;
    sim.clock.advance(5000);
    const res = await put({
      id: shipment.id,
      Packages: [
        { id: p1?.id, TrackingNbr: { value: '1Z999AA10123456784' } },
        { BoxID: { value: 'LARGE' }, TrackingNbr: { value: '1Z999AA10123456785' }, Weight: { value: 3.5 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.Packages).toHaveLength(3);
    expect(res.json.LastModifiedDateTime.value).toBe('2026-11-28T10:00:05.000-05:00');
    const packages = sim.inspect.shipmentPackages(shipment.shipmentNbr);
    expect(packages.find((p) => p.id === p1?.id)?.trackingNbr).toBe('1Z999AA10123456784');
    expect(packages[2]).toMatchObject({ boxId: 'LARGE', trackingNbr: '1Z999AA10123456785', weight: 3.5 });
  });

  it('finds the shipment by ShipmentNbr too', async () => {
    const res = await put({ ShipmentNbr: { value: shipment.shipmentNbr }, Packages: [{ id: shipment.packages[1]?.id, TrackingNbr: { value: 'T-2' } }] });
    expect(res.status).toBe(200);
    expect(sim.inspect.shipmentPackages(shipment.shipmentNbr)[1]?.trackingNbr).toBe('T-2');
  });

  it('If-Match: * is update-only and If-None-Match: * insert-only (412 in the wrong case)', async () => {
    const missing = await put({ ShipmentNbr: { value: '999999' } }, { 'if-match': '*' });
    expect(missing.status).toBe(412);
    const exists = await put({ id: shipment.id }, { 'if-none-match': '*' });
    expect(exists.status).toBe(412);
    expect((await put({ id: shipment.id }, { 'if-match': '*' })).status).toBe(200);
  });

  it('422 echoes the record with error on the failing fields', async () => {
    const unknownNbr = await put({ ShipmentNbr: { value: '999999' }, CustomerID: { value: 'C00001' } });
    expect(unknownNbr.status).toBe(422);
    expect(unknownNbr.json.ShipmentNbr).toEqual({ value: '999999', error: expect.stringContaining('999999') });
    const badPackage = await put({
      id: shipment.id,
      Packages: [{ BoxID: { value: 'CRATE' } }, { id: '00000000-0000-4000-8000-000000000000', TrackingNbr: { value: 'x' } }],
    });
    expect(badPackage.status).toBe(422);
    expect(badPackage.json.Packages[0].BoxID.error).toEqual(expect.any(String));
    expect(badPackage.json.Packages[1].error).toEqual(expect.any(String));
    expect(sim.inspect.shipmentPackages(shipment.shipmentNbr)).toHaveLength(2);
  });

  it('inserts a new auto-numbered shipment without ShipmentNbr', async () => {
    const res = await put({ CustomerID: { value: 'C00001' }, Packages: [{ BoxID: { value: 'SMALL' } }] }, { 'if-none-match': '*' });
    expect(res.status).toBe(200);
    expect(res.json.ShipmentNbr.value).toMatch(/^\d{6}$/);
    expect(res.json.Packages).toHaveLength(1);
  });

  it('needs the write right (403), read-only is not enough', async () => {
    sim.admin.setRights(sim.credentials.username, { Shipment: 'read' });
    const res = await put({ id: shipment.id, Packages: [] });
    expect(res.status).toBe(403);
    expect(res.json.message).toContain('Shipments (SO302000)');
    expect((await api(sim, token, `${V}/Shipment/${shipment.shipmentNbr}`)).status).toBe(200);
  });
});

describe('ConfirmShipment', () => {
  it('answers 202 with a server-relative Location, then 202 while polling, then 204', async () => {
    const start = await api(sim, token, `${V}/Shipment/ConfirmShipment`, {
      method: 'POST',
      body: { entity: { ShipmentNbr: { value: shipment.shipmentNbr } }, parameters: {} },
    });
    expect(start.status).toBe(202);
    const location = String(start.headers.location);
    expect(location).toMatch(/^\/AcumaticaERP\/entity\/Default\/24\.200\.001\/Shipment\/ConfirmShipment\/status\//);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const poll = await api(sim, token, location.slice('/AcumaticaERP'.length));
      statuses.push(poll.status);
      if (poll.status === 204) break;
    }
    expect(statuses).toEqual([202, 204]);
    expect(sim.inspect.shipment(shipment.shipmentNbr)?.status).toBe('Confirmed');
  });

  it('fails (500 on the poll) for a shipment on hold, and 500 at once for an unknown one', async () => {
    sim.admin.setShipmentStatus(shipment.shipmentNbr, 'On Hold');
    const start = await api(sim, token, `${V}/Shipment/ConfirmShipment`, { method: 'POST', body: { entity: { id: shipment.id }, parameters: {} } });
    const path = String(start.headers.location).slice('/AcumaticaERP'.length);
    await api(sim, token, path);
    const done = await api(sim, token, path);
    expect(done.status).toBe(500);
    expect(done.json.exceptionMessage).toContain('hold');
    const unknown = await api(sim, token, `${V}/Shipment/ConfirmShipment`, { method: 'POST', body: { entity: { ShipmentNbr: { value: '999999' } }, parameters: {} } });
    expect(unknown.status).toBe(500);
  });
});
