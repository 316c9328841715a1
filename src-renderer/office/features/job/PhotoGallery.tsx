import { ActionIcon, Box, Group, Image, Modal, SimpleGrid, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import type { PhotoView } from '../../../../src-shared/api/job-closeout'
import { call } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { Icon } from '../../components/icons'

const CATEGORY: Record<string, string> = {
  before: 'Before',
  after: 'After',
  'serial-plate': 'Serial plate',
  other: 'Other',
  signature: 'Signature',
}
const ORDER = ['before', 'after', 'serial-plate', 'other']

type ImageSize = 'thumbnail' | 'view'

/** Loaded images are kept for the session: paging through a lightbox never fetches twice. */
const cache = new Map<string, Promise<string>>()
export function loadImage(id: number, size: ImageSize): Promise<string> {
  const key = `${id}:${size}`
  let p = cache.get(key)
  if (!p) {
    p = call('attachments.get', { id, size }).then((a) => a.dataUrl)
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return p
}

/** The picture at most 320 px (`thumbnail`) or 2048 px (`view`) on its long side, never full size. */
export function useImage(id: number | null, size: ImageSize = 'view'): { src: string | null; failed: string | null } {
  const [state, setState] = useState<{ src: string | null; failed: string | null }>({ src: null, failed: null })
  useEffect(() => {
    if (id == null) return
    let live = true
    setState({ src: null, failed: null })
    loadImage(id, size).then(
      (src) => live && setState({ src, failed: null }),
      (e: unknown) => live && setState({ src: null, failed: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [id, size])
  return state
}

/** Photos grouped by category as thumbnails; a click opens a lightbox with ← → to page. */
export function PhotoGallery({ photos, jobId }: { photos: PhotoView[]; jobId: string }) {
  const [open, setOpen] = useState<number | null>(null)
  const sorted = [...photos].sort((a, b) => ORDER.indexOf(a.category) - ORDER.indexOf(b.category) || a.id - b.id)
  const step = useCallback(
    (delta: number) => setOpen((i) => (i == null ? i : (i + delta + sorted.length) % sorted.length)),
    [sorted.length],
  )

  if (photos.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No photos came with this closeout.
      </Text>
    )
  const groups = ORDER.map((c) => ({
    category: c,
    items: sorted.map((p, index) => ({ p, index })).filter(({ p }) => p.category === c),
  })).filter((g) => g.items.length)
  const current = open == null ? null : sorted[open]
  return (
    <Stack gap="md">
      {groups.map((g) => (
        <Stack key={g.category} gap={6}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
            {CATEGORY[g.category]} ({g.items.length})
          </Text>
          <SimpleGrid cols={5} spacing="xs">
            {g.items.map(({ p, index }) => (
              <Thumbnail
                key={p.id}
                photo={p}
                label={`${CATEGORY[p.category]} photo ${index + 1} of ${jobId}`}
                onOpen={() => setOpen(index)}
              />
            ))}
          </SimpleGrid>
        </Stack>
      ))}
      <Modal
        opened={current != null}
        onClose={() => setOpen(null)}
        size="auto"
        centered
        title={current ? `${CATEGORY[current.category]} · ${open! + 1} of ${sorted.length}` : ''}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') step(1)
          if (e.key === 'ArrowLeft') step(-1)
        }}
      >
        {current ? <Lightbox photo={current} onPrev={() => step(-1)} onNext={() => step(1)} /> : null}
      </Modal>
    </Stack>
  )
}

function Thumbnail({ photo, label, onOpen }: { photo: PhotoView; label: string; onOpen: () => void }) {
  const { src, failed } = useImage(photo.id, 'thumbnail')
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-label={`Open ${label}`}
      style={{ borderRadius: 8, overflow: 'hidden', aspectRatio: '4 / 3', background: 'var(--mantine-color-gray-1)' }}
    >
      {src ? (
        <Image src={src} alt={photo.caption ?? label} h="100%" w="100%" fit="cover" />
      ) : failed ? (
        <Stack h="100%" align="center" justify="center" gap={2} p={4}>
          <Icon name="camera" />
          <Text size="xs" c="dimmed" ta="center">
            Not available
          </Text>
        </Stack>
      ) : (
        <Skeleton h="100%" w="100%" />
      )}
    </UnstyledButton>
  )
}

function Lightbox({ photo, onPrev, onNext }: { photo: PhotoView; onPrev: () => void; onNext: () => void }) {
  const { src, failed } = useImage(photo.id)
  return (
    <Stack gap="sm" align="center">
      <Group gap="sm" wrap="nowrap" align="center">
        <ActionIcon variant="default" size="lg" onClick={onPrev} aria-label="Previous photo">
          <Icon name="back" />
        </ActionIcon>
        <Box
          w={820}
          h={560}
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            background: 'var(--mantine-color-dark-8)',
            borderRadius: 8,
          }}
        >
          {src ? (
            <img
              src={src}
              alt={photo.caption ?? photo.file}
              style={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }}
            />
          ) : failed ? (
            <Text c="gray.3">{failed}</Text>
          ) : (
            <Skeleton w="100%" h="100%" />
          )}
        </Box>
        <ActionIcon variant="default" size="lg" onClick={onNext} aria-label="Next photo">
          <Icon name="back" style={{ transform: 'rotate(180deg)' }} />
        </ActionIcon>
      </Group>
      <Text size="sm" c="gray.8">
        {photo.caption ? `${photo.caption} · ` : ''}
        {photo.takenAt ? `Taken ${formatDateTime(photo.takenAt)}` : photo.file}
      </Text>
    </Stack>
  )
}
