import { BridgeError } from '../errors.ts';
import {
  CONCURRENT_GRACE_MS,
  HOLDER_WAIT_MS,
  MAX_READ_BYTES,
  TEMPORARY_PREFIX,
} from './local-files.ts';
import { MAX_DESCRIPTORS } from './open-holders.ts';

// File operations of the Modal driver, run inside the container by a short
// Python helper instead of Modal's path-based `filesystem.*` (which follows
// symlinks, and whose read of a FIFO or of a link to /dev/zero stalls). The
// helper applies the rules of the local driver (folder-fd.ts, local-files.ts;
// docs/decisions/012-file-access.md): every folder on the way is opened with
// O_DIRECTORY|O_NOFOLLOW relative to its parent's fd, the last name is acted
// on relative to that fd (open O_NOFOLLOW|O_NONBLOCK + fstat, lstat, unlink,
// rmdir, mkdir), reads are capped, and listings report symlinks and special
// files by kind without entering or opening them. Refusals carry the local
// driver's codes (BAD_PATH, TOO_LARGE) and sentences.
//
// The helper runs as the candidate's user, so the files it makes are theirs.
//
// `python3 -I` (isolated): the candidate's files in the working folder or
// PYTHON* variables cannot change which modules the helper imports.

export const MODAL_FILES_SCRIPT = String.raw`
import base64, errno, json, os, stat, sys, time

FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
TEMPORARY = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
TEMPORARY_PREFIX = '${TEMPORARY_PREFIX}'
CONCURRENT_GRACE = ${CONCURRENT_GRACE_MS / 1000}
HOLDER_WAIT = ${HOLDER_WAIT_MS / 1000}
MAX_DESCRIPTORS = ${MAX_DESCRIPTORS}
MAX_READ = ${MAX_READ_BYTES}

class Refused(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code

def check(name):
    if name in ('', '.', '..') or '/' in name or '\0' in name:
        raise Refused('BAD_PATH', json.dumps(name) + ' is not a file name.')

def kind(st):
    if stat.S_ISREG(st.st_mode): return 'file'
    if stat.S_ISDIR(st.st_mode): return 'folder'
    if stat.S_ISLNK(st.st_mode): return 'symlink'
    return 'special'

def mtime(st):
    return st.st_mtime_ns / 1e6

def lstat_at(fd, name):
    check(name)
    try:
        return os.stat(name, dir_fd=fd, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        return None

def walk(root, parts, create):
    fd = os.open(root, FOLDER)
    for i, name in enumerate(parts):
        check(name)
        try:
            try:
                nxt = os.open(name, FOLDER, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    os.close(fd)
                    return None
                try:
                    os.mkdir(name, 0o755, dir_fd=fd)
                except FileExistsError:
                    pass
                nxt = os.open(name, FOLDER, dir_fd=fd)
        except OSError as e:
            os.close(fd)
            if e.errno in (errno.ELOOP, errno.ENOTDIR):
                raise Refused('BAD_PATH', '/'.join(parts[:i + 1]) + ' is not a folder (a symlink or a file), so it cannot be used.')
            raise
        os.close(fd)
        fd = nxt
    return fd

def with_parent(args, create, use):
    parts = args['path'].split('/')
    name = parts.pop()
    check(name)
    parent = walk(args['root'], parts, create)
    try:
        return use(parent, name)
    finally:
        if parent is not None: os.close(parent)

def too_large(args):
    return Refused('TOO_LARGE', '%s is larger than %d KiB; it was not read.' % (args['path'], round(args['maxBytes'] / 1024)))

def op_read(args):
    limit = args['maxBytes']
    def use(parent, name):
        if parent is None: return {'data': None}
        try:
            fd = os.open(name, READ, dir_fd=parent)
        except OSError as e:
            if e.errno in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR, errno.ENXIO, errno.EACCES): return {'data': None}
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode): return {'data': None}
            if st.st_size > limit: raise too_large(args)
            chunks, length = [], 0
            while True:
                # Read to the end with the cap, not to the size fstat gave: the file may grow.
                chunk = os.read(fd, min(1 << 20, limit + 1 - length))
                if not chunk: break
                chunks.append(chunk)
                length += len(chunk)
                if length > limit: raise too_large(args)
            return {'data': base64.b64encode(b''.join(chunks)).decode('ascii')}
        finally:
            os.close(fd)
    return with_parent(args, False, use)

def open_existing(parent, name, path):
    try:
        fd = os.open(name, READ, dir_fd=parent)
    except OSError as e:
        if e.errno == errno.ENOENT: return None
        if e.errno == errno.ELOOP: raise Refused('BAD_PATH', path + ' is a symlink; it is left alone.')
        if e.errno == errno.ENXIO: raise Refused('BAD_PATH', path + ' is a special file; it is left alone.')
        raise
    st = os.fstat(fd)
    if stat.S_ISREG(st.st_mode): return fd
    os.close(fd)
    if stat.S_ISDIR(st.st_mode): raise Refused('BAD_PATH', path + ' is a folder, not a file.')
    raise Refused('BAD_PATH', path + ' is a special file; it is left alone.')

def unlink_quietly(parent, name):
    try:
        os.unlink(name, dir_fd=parent)
    except FileNotFoundError:
        pass

def read_all(fd, limit):
    chunks, length = [], 0
    while length < limit:
        chunk = os.pread(fd, min(1 << 20, limit - length), length)
        if not chunk: break
        chunks.append(chunk)
        length += len(chunk)
    return b''.join(chunks)

# As open-holders.ts: whether a process of the container (all are the
# sandbox's) has the file open; only stat() of /proc/<pid>/fd/<n>, never opened.
def held_open(st):
    seen = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) == os.getpid(): continue
        try:
            fds = os.listdir('/proc/%s/fd' % pid)
        except OSError:
            continue
        for fd in fds:
            seen += 1
            if seen > MAX_DESCRIPTORS: return None
            try:
                other = os.stat('/proc/%s/fd/%s' % (pid, fd))
            except OSError:
                continue
            if other.st_ino == st.st_ino and other.st_dev == st.st_dev: return True
    return False

# As local-files.ts write(): check the old file, write a fresh temporary file,
# rename (or link, for a new file) it over the name, then read the old inode
# again for what a racing shell wrote to it (decision 006).
def op_write(args):
    content = sys.stdin.buffer.read()
    expected = args.get('expected', 'none')
    path = args['path']
    def use(parent, name):
        old = open_existing(parent, name, path)
        try:
            checked = None if old is None else os.fstat(old)
            # A hard link to a file elsewhere would keep (or get) the text: refuse it.
            if checked is not None and checked.st_nlink > 1: raise Refused('BAD_PATH', path + ' has other hard links; it is left alone.')
            if expected != 'none':
                if expected is None: same = checked is None or checked.st_size == 0
                else: same = checked is not None and checked.st_size == expected['size'] and mtime(checked) == expected['mtimeMs']
                if not same: return {'written': None}
            for attempt in range(4):
                temporary = TEMPORARY_PREFIX + os.urandom(8).hex()
                try:
                    fd = os.open(temporary, TEMPORARY, 0o600, dir_fd=parent)
                    break
                except FileExistsError:
                    if attempt == 3: raise
            placed = False
            try:
                os.fchmod(fd, stat.S_IMODE(checked.st_mode) & 0o777 if checked is not None else 0o644)
                view = memoryview(content)
                while view:
                    view = view[os.write(fd, view):]
                # Taken before the rename: a shell write after it changes the file's stat.
                written = os.fstat(fd)
                if checked is not None:
                    # The shell renamed its own file over the name meanwhile: that one wins.
                    now = lstat_at(parent, name)
                    if now is None or now.st_ino != checked.st_ino or now.st_dev != checked.st_dev: return {'written': None}
                    os.rename(temporary, name, src_dir_fd=parent, dst_dir_fd=parent)
                    placed = True
                else:
                    try:
                        # link() never replaces: the shell creating the name meanwhile wins.
                        os.link(temporary, name, src_dir_fd=parent, dst_dir_fd=parent, follow_symlinks=False)
                    except FileExistsError:
                        return {'written': None}
            finally:
                os.close(fd)
                if not placed: unlink_quietly(parent, temporary)
            result = {'size': written.st_size, 'mtimeMs': mtime(written)}
            if checked is not None:
                # A >> that opened the old file before the rename writes right
                # after it: wait for it while a process still holds the file.
                # Looks further apart each time; None (too many descriptors to
                # tell) leaves only the wait.
                until, delay, held = time.monotonic() + HOLDER_WAIT, CONCURRENT_GRACE, True
                while held is not False and time.monotonic() < until:
                    time.sleep(delay)
                    delay *= 2
                    if held: held = held_open(checked)
                now = os.fstat(old)
                if now.st_size != checked.st_size or mtime(now) != mtime(checked):
                    result['concurrent'] = base64.b64encode(read_all(old, MAX_READ)).decode('ascii')
            return {'written': result}
        finally:
            if old is not None: os.close(old)
    return with_parent(args, True, use)

def op_stat(args):
    def use(parent, name):
        st = None if parent is None else lstat_at(parent, name)
        if st is None or not stat.S_ISREG(st.st_mode): return {'entry': None}
        return {'entry': {'path': args['path'], 'kind': 'file', 'size': st.st_size, 'mtimeMs': mtime(st)}}
    return with_parent(args, False, use)

def op_delete(args):
    def use(parent, name):
        if parent is None: return {}
        st = lstat_at(parent, name)
        if st is None or stat.S_ISDIR(st.st_mode): return {}
        try:
            os.unlink(name, dir_fd=parent)
        except (FileNotFoundError, IsADirectoryError):
            pass
        return {}
    return with_parent(args, False, use)

def op_mkdir(args):
    fd = walk(args['root'], args['path'].split('/'), True)
    if fd is not None: os.close(fd)
    return {}

def op_rmdir(args):
    def use(parent, name):
        if parent is None: return {'removed': False}
        st = lstat_at(parent, name)
        if st is None or not stat.S_ISDIR(st.st_mode): return {'removed': False}
        try:
            # rmdir never follows a symlink: one swapped in meanwhile gives ENOTDIR.
            os.rmdir(name, dir_fd=parent)
            return {'removed': True}
        except OSError:
            return {'removed': False}
    return with_parent(args, False, use)

def op_list(args):
    ignored, most, deepest = set(args['ignored']), args['maxEntries'], args['maxDepth']
    entries = []
    def walk_list(fd, folder, depth):
        if depth > deepest or len(entries) >= most: return
        try:
            names = sorted(os.listdir(fd))
        except OSError:
            return
        for name in names:
            if len(entries) >= most: return
            st = lstat_at(fd, name)
            if st is None: continue
            path = folder + '/' + name if folder else name
            k = kind(st)
            if k == 'folder' and name in ignored: continue
            entries.append({'path': path, 'kind': k, 'size': st.st_size if k == 'file' else 0, 'mtimeMs': mtime(st)})
            if k != 'folder': continue
            try:
                child = os.open(name, FOLDER, dir_fd=fd)
            except OSError:
                # Swapped for a symlink since the lstat: not entered.
                continue
            try:
                walk_list(child, path, depth + 1)
            finally:
                os.close(child)
    root = os.open(args['root'], FOLDER)
    try:
        walk_list(root, '', 1)
    finally:
        os.close(root)
    return {'entries': entries}

OPS = {'read': op_read, 'write': op_write, 'stat': op_stat, 'delete': op_delete,
       'mkdir': op_mkdir, 'rmdir': op_rmdir, 'list': op_list}

try:
    result = OPS[sys.argv[1]](json.loads(sys.argv[2]))
    result['ok'] = True
except Refused as refused:
    result = {'ok': False, 'code': refused.code, 'message': str(refused)}
sys.stdout.write(json.dumps(result))
`;

export type ModalFileOp = 'read' | 'write' | 'stat' | 'delete' | 'mkdir' | 'rmdir' | 'list';

/** Longest a file operation may take in the container before it is killed. */
export const MODAL_FILES_TIMEOUT_SECONDS = 60;

/** The command that runs one file operation inside the container. */
export function modalFilesCommand(op: ModalFileOp, args: Record<string, unknown>): string[] {
  return [
    'timeout',
    '-s',
    'KILL',
    `${MODAL_FILES_TIMEOUT_SECONDS}s`,
    'python3',
    '-I',
    '-c',
    MODAL_FILES_SCRIPT,
    op,
    JSON.stringify(args),
  ];
}

/** The helper's answer, or the BridgeError it refused with (same codes as the local driver). */
export function parseModalFilesResult(
  output: { stdout: string; stderr: string; exitCode: number | null },
  doing: string,
): Record<string, unknown> {
  let result: Record<string, unknown> | null = null;
  try {
    result = JSON.parse(output.stdout) as Record<string, unknown>;
  } catch {
    result = null;
  }
  if (output.exitCode !== 0 || result === null || typeof result !== 'object') {
    const why =
      output.exitCode === 137
        ? `it took more than ${MODAL_FILES_TIMEOUT_SECONDS} s`
        : `exit ${output.exitCode}: ${output.stderr.trim().split('\n').pop()?.slice(0, 300) ?? ''}`;
    throw new BridgeError('SANDBOX_FAILED', `Modal failed while ${doing} (${why}).`);
  }
  if (result.ok !== true) {
    throw new BridgeError(
      result.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'BAD_PATH',
      String(result.message),
    );
  }
  return result;
}
