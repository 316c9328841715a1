import { Anchor, Badge, Grid, Group, Image, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { concernsJob, type JobsChanged } from '../../../../src-shared/api/events'
import type { JobCloseoutAnswer } from '../../../../src-shared/api/job-closeout'
import { accuracyWords, coordinates, mapLink, type SiteLocation } from '../../../../src-shared/domain/site-location'
import { call } from '../../app/api'
import { formatDateTime, formatMoneyString } from '../../app/format'
import { useQuery } from '../../app/use-query'
import { FindingsList } from '../../components/FindingsList'
import { Icon } from '../../components/icons'
import { ErrorState, Loading } from '../../components/QueryState'
import { StatusBadge } from '../../components/StatusBadge'
import { EstimateVsActual } from './EstimateVsActual'
import { JobActions } from './JobActions'
import { SendPacket } from './SendPacket'
import { ReviewWaysOut } from './ReviewWaysOut'
import { JobTimeline } from './JobTimeline'
import { PhotoGallery, useImage } from './PhotoGallery'
import { PricedLines } from './PricedLines'

export function Section({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  return (
    <Paper withBorder p="lg" shadow="xs" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md" fw={650}>
          {title}
        </Title>
        {right}
      </Group>
      {children}
    </Paper>
  )
}

/** One job: who, where, what was done, what it costs, what happened, and what can be done now. */
export function JobDetailScreen({ jobId }: { jobId: string }) {
  const thisJob = { 'jobs.changed': (e: JobsChanged) => concernsJob(e, jobId) }
  const job = useQuery(() => call('jobs.get', { id: jobId }), [jobId], thisJob)
  const closeout = useQuery(() => call('jobs.closeout', { jobId }), [jobId], thisJob)
  // The Ways forward card stays after its action moved the job on, to say where the job went.
  const [reviewedHere, setReviewedHere] = useState(false)
  const reload = () => {
    job.reload()
    closeout.reload()
  }

  if (job.error) {
    return (
      <Stack>
        <BackLink />
        <ErrorState title={`Could not open job ${jobId}`} error={job.error} onRetry={reload} />
      </Stack>
    )
  }
  if (!job.data || !closeout.data) return <Loading label={`Opening job ${jobId}…`} />
  const j = job.data
  const c = closeout.data.closeout
  const currency = closeout.data.currency

  return (
    <Stack gap="md" maw={1400}>
      <BackLink />
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={1} fz={26}>
              {j.id} · {j.customer ?? 'Unknown customer'}
            </Title>
            <StatusBadge status={j.status} />
          </Group>
          <Text c="dimmed" size="sm">
            {j.jobType ?? 'No job type'} · {j.siteAddress || 'No site address'}
          </Text>
        </Stack>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Section title="Job">
              <SimpleGrid cols={3} spacing="md" verticalSpacing="sm">
                <Field label="Customer" value={j.customer ?? '—'} />
                <Field label="Site" value={j.siteAddress || '—'} />
                <Field label="PO number" value={j.poNumber ?? '—'} />
                <Field label="Scheduled" value={formatDateTime(j.scheduledFor)} />
                <Field label="Technician" value={j.technician ?? 'Unassigned'} />
                <Field label="Not to exceed" value={j.notToExceed ? formatMoneyString(j.notToExceed, currency) : '—'} />
                {j.invoiceNumber ? <Field label="Invoice" value={j.invoiceNumber} /> : null}
              </SimpleGrid>
              {j.description ? (
                <Text size="sm" mt="sm">
                  {j.description}
                </Text>
              ) : null}
            </Section>
            {c ? (
              <>
                <Section
                  title="Findings"
                  right={
                    c.findings.length ? (
                      <Badge variant="light" color="gray">
                        {c.findings.length}
                      </Badge>
                    ) : null
                  }
                >
                  <FindingsList findings={c.findings} />
                </Section>
                {j.status === 'needs-review' || reviewedHere ? (
                  <Section title="Ways forward">
                    <ReviewWaysOut
                      jobId={j.id}
                      findings={c.findings}
                      siteAddress={j.siteAddress}
                      open={j.status === 'needs-review'}
                      onChanged={() => {
                        setReviewedHere(true)
                        reload()
                      }}
                    />
                  </Section>
                ) : null}
                <Section
                  title="Work performed"
                  right={
                    <Text size="xs" c="dimmed">
                      Completed {formatDateTime(c.completedAt)}
                    </Text>
                  }
                >
                  <WorkPerformed closeout={c} />
                </Section>
                <Section title="Lines and total">
                  <PricedLines closeout={c} currency={currency} />
                </Section>
                <Section title="Photos">
                  <PhotoGallery photos={c.photos} jobId={j.id} />
                </Section>
                <Section title="Signature">
                  <Signature closeout={c} />
                </Section>
              </>
            ) : (
              <Section title="Closeout">
                <Text size="sm" c="dimmed">
                  No closeout has arrived for this job yet. It appears here, priced and checked, as soon as the
                  technician sends it.
                </Text>
              </Section>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Section title="Actions">
              <Stack gap="xs">
                <SendPacket job={j} onSent={reload} />
                <JobActions jobId={j.id} status={j.status} closeout={c} onChanged={reload} />
              </Stack>
            </Section>
            <Section title="Estimate vs actual">
              <EstimateVsActual answer={closeout.data as JobCloseoutAnswer} />
            </Section>
            <Section title="Timeline">
              <JobTimeline events={j.events} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function BackLink() {
  return (
    <Anchor href="#/inbox" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <Icon name="back" size={14} /> Inbox
    </Anchor>
  )
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  )
}

function WorkPerformed({ closeout }: { closeout: NonNullable<JobCloseoutAnswer['closeout']> }) {
  return (
    <Stack gap="sm">
      {closeout.tasks.length ? (
        <List size="sm" spacing={2}>
          {closeout.tasks.map((t, i) => (
            <List.Item key={i}>{t}</List.Item>
          ))}
        </List>
      ) : null}
      {closeout.notes ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {closeout.notes}
        </Text>
      ) : null}
      {!closeout.tasks.length && !closeout.notes ? (
        <Text size="sm" c="dimmed">
          The technician wrote no tasks or notes.
        </Text>
      ) : null}
      <Group gap="xs">
        {closeout.serialNumbers.map((s) => (
          <Badge key={s} variant="outline" color="gray">
            Serial {s}
          </Badge>
        ))}
        {closeout.warrantyClaim ? (
          <Badge color="grape" variant="light">
            Warranty claim
          </Badge>
        ) : null}
        {closeout.supersedes ? (
          <Badge color="blue" variant="light">
            Resubmitted after send-back
          </Badge>
        ) : null}
      </Group>
      {closeout.location ? <ClosedAt closeout={closeout} location={closeout.location} /> : null}
      {closeout.exceptions.length ? (
        <Stack gap={2}>
          {closeout.exceptions.map((e, i) => (
            <Text key={i} size="sm">
              <Text span fw={600}>
                Exception ({e.kind}):
              </Text>{' '}
              {e.reason}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Stack>
  )
}

/** Where the phone was when the job was closed: only when the technician chose to add it. */
function ClosedAt({
  closeout,
  location,
}: {
  closeout: NonNullable<JobCloseoutAnswer['closeout']>
  location: SiteLocation
}) {
  const accuracy = accuracyWords(location)
  return (
    <Group gap={6} data-testid="closeout-location">
      <Icon name="pin" size={14} />
      <Text size="sm">
        Closed at {coordinates(location)}
        {accuracy ? ` (${accuracy})` : ''} · {formatDateTime(closeout.completedAt)}
      </Text>
      <Anchor href={mapLink(location)} target="_blank" rel="noreferrer" size="sm">
        Open map
      </Anchor>
    </Group>
  )
}

function Signature({ closeout }: { closeout: NonNullable<JobCloseoutAnswer['closeout']> }) {
  const { src } = useImage(closeout.signature?.attachmentId ?? null)
  if (!closeout.signature) {
    return (
      <Text size="sm">
        {/* A dark orange: Mantine's orange.9 is 4.0:1 on white, under WCAG's 4.5:1 for text this size. */}
        <Text span fw={600} c="#9a3412">
          Not signed.
        </Text>{' '}
        {closeout.noSignatureReason ??
          closeout.exceptions.find((e) => /sign/.test(e.kind))?.reason ??
          'No reason was given.'}
      </Text>
    )
  }
  return (
    <Group align="center" gap="lg">
      <Paper withBorder w={260} h={96} p={4} bg="white">
        {src ? <Image src={src} alt={`Signature of ${closeout.signature.signerName}`} h="100%" fit="contain" /> : null}
      </Paper>
      <Stack gap={0}>
        <Text fw={600}>{closeout.signature.signerName}</Text>
        <Text size="sm" c="dimmed">
          Signed {formatDateTime(closeout.signature.signedAt ?? closeout.completedAt)}
        </Text>
      </Stack>
    </Group>
  )
}
