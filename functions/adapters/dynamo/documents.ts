import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#core/errors.ts';
import type { DocumentRecord } from '#core/model.ts';
import { formatNumber } from '#core/numbering.ts';
import type { DocumentRepository } from '#core/ports.ts';
import { isConditionFailure, lostRace, queryAll, queryPage, transactWrite, untilWon, type Item, type Table } from './table.ts';

const documentKey = (id: string) => ({ pk: `DOCUMENT#${id}`, sk: 'DOCUMENT' });
const seriesKey = (campaignId: string, symbol: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `SERIES#${symbol}` });
/** A document not yet ready or failed: what a restarted local queue must deliver again. */
const pendingKey = (id: string) => ({ pk: 'PENDING', sk: `DOCUMENT#${id}` });
const numberKey = (campaignId: string, symbol: string, n: number) => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `NUMBER#${symbol}#${String(n).padStart(10, '0')}`,
});

type Series = { last: number };
const MAX_ATTEMPTS = 200;

export function documentRepository(table: Table): DocumentRepository {
  return {
    /**
     * The number and the document are written in one transaction, conditional on the series
     * counter still holding the value we read; the claim item on the number makes a duplicate
     * impossible even if the counter were ever rewritten. A loser re-reads and tries n+1.
     */
    createNumberedDocument(doc, { issuerCode, firstNumber }, completeWith) {
      return untilWon(MAX_ATTEMPTS, async () => {
        const key = seriesKey(doc.campaignId, doc.symbol);
        const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
        const seen = (out.Item as Item<Series> | undefined)?.data.last;
        const sequence = Math.max(seen ?? 0, firstNumber - 1) + 1;
        const record: DocumentRecord = { ...doc, sequence, number: formatNumber(sequence, doc.symbol, issuerCode) };
        await transactWrite(
          table,
          [
              {
                Put: {
                  TableName: table.name,
                  Item: { ...key, data: { last: sequence } } satisfies Item<Series>,
                  ...(seen === undefined
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : {
                        ConditionExpression: '#d.#l = :seen',
                        ExpressionAttributeNames: { '#d': 'data', '#l': 'last' },
                        ExpressionAttributeValues: { ':seen': seen },
                      }),
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: { ...numberKey(doc.campaignId, doc.symbol, sequence), data: { documentId: doc.id } },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...documentKey(doc.id),
                    gsi1pk: `CAMPAIGN#${doc.campaignId}#DOCS`,
                    gsi1sk: `${doc.createdAt}#${doc.id}`,
                    data: record,
                  } satisfies Item<DocumentRecord>,
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: table.name, Item: { ...pendingKey(doc.id), data: { documentId: doc.id } } } },
          ],
          completeWith?.(record),
        );
        return record;
      }, () => new Conflict('Too many documents ordered at the same moment; try again.'));
    },
    async getDocument(id) {
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: documentKey(id), ConsistentRead: true }));
      return (out.Item as Item<DocumentRecord> | undefined)?.data;
    },
    listDocuments: (campaignId, page) =>
      queryPage<DocumentRecord>(
        table,
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}#DOCS` },
          ScanIndexForward: false,
        },
        page,
      ),
    async transitionDocument(id, from, change) {
      const names: Record<string, string> = { '#d': 'data', '#s': 'status' };
      const values: Record<string, unknown> = {};
      const sets: string[] = [];
      const removes: string[] = [];
      Object.entries(change).forEach(([k, v], i) => {
        names[`#f${i}`] = k;
        // A field given as undefined is removed (e.g. awaitingSignature once the last signature is on).
        if (v === undefined) return void removes.push(`#d.#f${i}`);
        values[`:v${i}`] = v;
        sets.push(`#d.#f${i} = :v${i}`);
      });
      from.forEach((s, i) => (values[`:from${i}`] = s));
      const update = {
        TableName: table.name,
        Key: documentKey(id),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
        ConditionExpression: `attribute_exists(pk) AND #d.#s IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
      const settled = change.status === 'ready' || change.status === 'failed';
      try {
        if (settled) {
          await table.doc.send(
            new TransactWriteCommand({
              TransactItems: [{ Update: update }, { Delete: { TableName: table.name, Key: pendingKey(id) } }],
            }),
          );
        } else {
          await table.doc.send(new UpdateCommand(update));
        }
        return true;
      } catch (err) {
        if (isConditionFailure(err) || lostRace(err)) return false;
        throw err;
      }
    },
    async pendingDocumentIds() {
      const items = await queryAll<{ documentId: string }>(table, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'PENDING' },
      });
      return items.map((i) => i.documentId);
    },
  };
}
