// The official @microsoft/signalr client (given the https:// hub URL, as in the samples; it switches to wss://) against projectx-sim, connected the
// way ProjectX's own samples connect (skipNegotiation, WebSockets transport,
// token in the URL and in accessTokenFactory). Logs in over REST, connects
// both hubs, subscribes, places an order over REST and waits for the order,
// trade, position and account events and a quote.
"use strict";
const fs = require("fs");
const assert = require("assert");
const signalR = require("@microsoft/signalr");

const ready = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const CONTRACT = "CON.F.US.EP.Z26";

async function rest(path, body, token) {
  const headers = { "Content-Type": "application/json", accept: "text/plain" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(ready.baseUrl + path, { method: "POST", headers, body: JSON.stringify(body) });
  assert.strictEqual(res.status, 200, `${path} -> HTTP ${res.status}`);
  const json = await res.json();
  assert.strictEqual(json.success, true, `${path} -> ${JSON.stringify(json)}`);
  return json;
}

function hub(name, token) {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${ready.baseUrl}/hubs/${name}?access_token=${encodeURIComponent(token)}`, {
      skipNegotiation: true,
      transport: signalR.HttpTransportType.WebSockets,
      accessTokenFactory: () => token,
      timeout: 10000,
    })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

async function main() {
  const { token } = await rest("/api/Auth/loginKey", { userName: "trader", apiKey: "sim-api-key" });
  const { accounts } = await rest("/api/Account/search", { onlyActiveAccounts: true }, token);
  const accountId = accounts[0].id;

  const seen = { orders: [], trades: [], positions: [], accounts: [], quotes: [] };
  const user = hub("user", token);
  const market = hub("market", token);
  // User events arrive wrapped as {action, data}.
  user.on("GatewayUserOrder", (e) => { seen.orders.push(e); });
  user.on("GatewayUserTrade", (e) => { seen.trades.push(e); });
  user.on("GatewayUserPosition", (e) => { seen.positions.push(e); });
  user.on("GatewayUserAccount", (e) => { seen.accounts.push(e); });
  market.on("GatewayQuote", (contractId, quote) => { seen.quotes.push({ contractId, quote }); });

  await user.start();
  await market.start();
  await user.invoke("SubscribeAccounts");
  await user.invoke("SubscribeOrders", accountId);
  await user.invoke("SubscribePositions", accountId);
  await user.invoke("SubscribeTrades", accountId);
  await market.invoke("SubscribeContractQuotes", CONTRACT);
  // A hub error comes back as a rejected invocation (Completion with "error").
  await assert.rejects(user.invoke("SubscribeOrders", 999999), /Account not found/);

  const placed = await rest(
    "/api/Order/place",
    { accountId, contractId: CONTRACT, type: 2, side: 0, size: 2, limitPrice: null, stopPrice: null, trailPrice: null },
    token,
  );

  const deadline = Date.now() + 15000;
  const done = () =>
    seen.orders.some((e) => e.data.id === placed.orderId && e.data.status === 2) &&
    seen.trades.length >= 1 && seen.positions.length >= 1 && seen.accounts.length >= 2 && seen.quotes.length >= 1;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for events: " + JSON.stringify(seen));
    await new Promise((r) => setTimeout(r, 50));
  }

  const statuses = seen.orders.filter((e) => e.data.id === placed.orderId).map((e) => e.data.status);
  assert.deepStrictEqual(statuses, [6, 2], "Pending then Filled");
  assert.strictEqual(seen.orders[0].action, 1);
  assert.ok(!("limitPrice" in seen.orders[0].data), "hub payloads omit nulls");
  const trade = seen.trades[0];
  assert.strictEqual(trade.action, 0);
  assert.strictEqual(trade.data.orderId, placed.orderId);
  assert.strictEqual(trade.data.size, 2);
  assert.ok(!("profitAndLoss" in trade.data), "opening half-turn has no profitAndLoss");
  assert.strictEqual(trade.data.fees, 2.8);
  assert.match(trade.data.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
  const position = seen.positions[0].data;
  assert.strictEqual(position.contractId, CONTRACT);
  assert.strictEqual(position.type, 1);
  assert.strictEqual(position.size, 2);
  assert.strictEqual(seen.accounts[0].data.id, accountId);
  assert.deepStrictEqual(seen.accounts[0], seen.accounts[1], "account events come in identical bursts");
  const q = seen.quotes[0];
  assert.strictEqual(q.contractId, CONTRACT);
  assert.strictEqual(q.quote.symbol, "F.US.EP");
  for (const k of ["lastPrice", "bestBid", "bestAsk"]) assert.strictEqual(typeof q.quote[k], "number", k);

  await rest("/api/Position/closeContract", { accountId, contractId: CONTRACT }, token);
  const flatDeadline = Date.now() + 10000;
  while (!seen.positions.some((e) => e.data.size === 0)) {
    if (Date.now() > flatDeadline) throw new Error("no flat position event");
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(seen.trades.some((e) => typeof e.data.profitAndLoss === "number"), "closing trade carries profitAndLoss");

  await user.stop();
  await market.stop();
  console.log(`signalr-js: OK (${seen.orders.length} order, ${seen.trades.length} trade, ${seen.positions.length} position, ` +
              `${seen.accounts.length} account events, ${seen.quotes.length} quotes)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("signalr-js: FAILED:", err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
