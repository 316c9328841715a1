import fc from 'fast-check'

/** Paths a hostile or careless writer might put in a manifest; none may ever be read. */
export const unsafePath = fc.oneof(
  fc.constantFrom(
    '..',
    '../evil.jpg',
    'photos/../../x',
    '/etc/passwd',
    'C:\\x.jpg',
    'c:x.jpg',
    'photos\\a.jpg',
    '\\\\host\\share\\x',
    'a\0b.jpg',
    'CON',
    'con.jpg',
    'photos/NUL.txt',
    'LPT1',
    'com9.png',
    './a.jpg',
    'a//b.jpg',
    'photo.jpg:stream',
    'a b.jpg',
  ),
  fc
    .tuple(fc.array(fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/), { maxLength: 3 }), fc.constantFrom('..', '', '.'))
    .map(([segs, bad]) => [...segs, bad, 'x.jpg'].join('/')),
  fc.stringMatching(/^[A-Za-z0-9]{1,8}$/).map((s) => `/${s}`),
  fc.tuple(fc.constantFrom('A', 'd', 'Z'), fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)).map(([d, s]) => `${d}:/${s}`),
)
