import { Badge, Table } from '@mantine/core'
import type { Preflight } from '../../../../src-shared/api/exports'
import { formatMoneyText } from '../../app/format'
import { routeHref } from '../../app/router'

/**
 * The invoices the next export puts in the batch, with the numbers they will get and the batch
 * total, so the clerk knows what to look for in the accounting system before anything is written.
 */
export function BatchPreview({ invoices, blocked }: { invoices: Preflight['invoices']; blocked: Set<string> }) {
  const total = invoices.filter((i) => !blocked.has(i.jobId)).reduce((n, i) => n + i.totalCents, 0)
  return (
    <Table withTableBorder striped aria-label="Invoices in this batch">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Invoice</Table.Th>
          <Table.Th>Job</Table.Th>
          <Table.Th>Customer</Table.Th>
          <Table.Th ta="right">Total</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoices.map((i) => (
          <Table.Tr key={i.jobId}>
            <Table.Td>
              {blocked.has(i.jobId) ? (
                <Badge color="red" variant="light" size="sm">
                  blocked
                </Badge>
              ) : (
                i.invoiceNumber
              )}
            </Table.Td>
            <Table.Td>
              <a href={routeHref({ screen: 'job', jobId: i.jobId })}>{i.jobId}</a>
            </Table.Td>
            <Table.Td>{i.customer}</Table.Td>
            <Table.Td ta="right">{formatMoneyText(i.totalCents)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Th colSpan={3}>Batch total{blocked.size > 0 ? ' (without the blocked jobs)' : ''}</Table.Th>
          <Table.Th ta="right" data-testid="batch-preview-total">
            {formatMoneyText(total)}
          </Table.Th>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  )
}
