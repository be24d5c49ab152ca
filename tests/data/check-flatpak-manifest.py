#!/usr/bin/python3
# Checks the Flatpak manifest of Pix Bureau and prints TAP, one case per rule.
#
#   check-flatpak-manifest.py MANIFEST [--data-dir DIR] [--no-flatpak-builder]
#   check-flatpak-manifest.py --self-test MANIFEST [--data-dir DIR]
#
# The first form checks MANIFEST and exits 1 if any case fails. The second form
# proves the checker can fail: it writes deliberately broken copies of MANIFEST
# to a temporary directory, runs the first form on each, and expects each copy
# to be rejected by the rule it breaks (and an unmodified copy to pass).
#
# Only the Python standard library is used. The key lists follow the
# flatpak-manifest(5) page of flatpak-builder 1.2.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BASE_ID = 'fr.pixbureau.PixBureau'
COMMAND = 'pix-bureau'
APP_MODULE = 'pix-bureau'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]
BUILDSYSTEMS = {'meson', 'cmake', 'cmake-ninja', 'autotools', 'simple', 'qmake'}
# Patterns the top-level cleanup must contain: headers, pkg-config files and
# static libraries (with their libtool archives) stay out of the bundle.
REQUIRED_CLEANUP = ['/include', '/lib/pkgconfig', '*.a', '*.la']
SHA256_RE = re.compile(r'^[0-9a-f]{64}$')

# Value types: 'str', 'bool', 'int', 'num', 'strv' (list of strings),
# 'obj' (dict), 'list' (list of anything); special-cased keys are checked
# further by their own rules.
TOP_KEYS = {
    'id': 'str', 'app-id': 'str', 'branch': 'str', 'default-branch': 'str',
    'collection-id': 'str', 'extension-tag': 'str', 'token-type': 'int',
    'runtime': 'str', 'runtime-version': 'str',
    'sdk': 'str', 'var': 'str', 'metadata': 'str',
    'command': 'str', 'build-runtime': 'bool', 'build-extension': 'bool',
    'separate-locales': 'bool', 'id-platform': 'str',
    'metadata-platform': 'str', 'writable-sdk': 'bool',
    'appstream-compose': 'bool', 'sdk-extensions': 'strv',
    'platform-extensions': 'strv', 'base': 'str', 'base-version': 'str',
    'base-extensions': 'strv',
    'inherit-extensions': 'strv', 'inherit-sdk-extensions': 'strv',
    'tags': 'strv', 'build-options': 'obj', 'modules': 'list',
    'add-extensions': 'obj', 'add-build-extensions': 'obj', 'cleanup': 'strv',
    'cleanup-commands': 'strv', 'cleanup-platform': 'strv',
    'cleanup-platform-commands': 'strv', 'prepare-platform-commands': 'strv',
    'finish-args': 'strv', 'rename-desktop-file': 'str',
    'rename-appdata-file': 'str', 'rename-icon': 'str',
    'appdata-license': 'str', 'copy-icon': 'bool',
    'desktop-file-name-prefix': 'str', 'desktop-file-name-suffix': 'str',
}

MODULE_KEYS = {
    'name': 'str', 'disabled': 'bool', 'sources': 'list', 'secret-env': 'strv',
    'config-opts': 'strv', 'secret-opts': 'strv', 'make-args': 'strv',
    'make-install-args': 'strv', 'rm-configure': 'bool', 'no-autogen': 'bool',
    'no-parallel-make': 'bool', 'install-rule': 'str',
    'no-make-install': 'bool', 'no-python-timestamp-fix': 'bool',
    'cmake': 'bool', 'buildsystem': 'str', 'builddir': 'bool', 'subdir': 'str',
    'build-options': 'obj', 'build-commands': 'strv', 'post-install': 'strv',
    'cleanup': 'strv', 'ensure-writable': 'strv', 'only-arches': 'strv',
    'skip-arches': 'strv', 'cleanup-platform': 'strv', 'run-tests': 'bool',
    'test-rule': 'str', 'test-commands': 'strv', 'modules': 'list',
}

BUILD_OPTIONS_KEYS = {
    'cflags': 'str', 'cflags-override': 'bool', 'cppflags': 'str',
    'cppflags-override': 'bool', 'cxxflags': 'str',
    'cxxflags-override': 'bool', 'ldflags': 'str', 'ldflags-override': 'bool',
    'prefix': 'str', 'libdir': 'str', 'append-path': 'str',
    'prepend-path': 'str', 'append-ld-library-path': 'str',
    'prepend-ld-library-path': 'str', 'append-pkg-config-path': 'str',
    'prepend-pkg-config-path': 'str', 'env': 'obj', 'secret-env': 'strv',
    'build-args': 'strv', 'test-args': 'strv', 'config-opts': 'strv',
    'secret-opts': 'strv', 'make-args': 'strv', 'make-install-args': 'strv',
    'strip': 'bool', 'no-debuginfo': 'bool',
    'no-debuginfo-compression': 'bool', 'arch': 'obj',
}

SOURCE_COMMON = {'type': 'str', 'only-arches': 'strv', 'skip-arches': 'strv',
                 'dest': 'str'}
CHECKSUMS = {'md5': 'str', 'sha1': 'str', 'sha256': 'str', 'sha512': 'str'}
SOURCE_KEYS = {
    'archive': dict(path='str', url='str', **{
        'mirror-urls': 'strv', 'git-init': 'bool', 'archive-type': 'str',
        'strip-components': 'int', 'dest-filename': 'str'}, **CHECKSUMS),
    'git': {'path': 'str', 'url': 'str', 'branch': 'str', 'tag': 'str',
            'commit': 'str', 'disable-fsckobjects': 'bool',
            'disable-shallow-clone': 'bool', 'disable-submodules': 'bool'},
    'bzr': {'url': 'str', 'revision': 'str'},
    'svn': {'url': 'str', 'revision': 'str'},
    'dir': {'path': 'str', 'skip': 'strv'},
    'file': dict(path='str', url='str', **{
        'mirror-urls': 'strv', 'dest-filename': 'str'}, **CHECKSUMS),
    'script': {'commands': 'strv', 'dest-filename': 'str'},
    'inline': {'dest-filename': 'str', 'contents': 'str', 'base64': 'bool'},
    'shell': {'commands': 'strv'},
    'patch': {'path': 'str', 'paths': 'strv', 'strip-components': 'int',
              'use-git': 'bool', 'use-git-am': 'bool', 'options': 'strv'},
    'extra-data': {'filename': 'str', 'url': 'str', 'sha256': 'str',
                   'size': 'num', 'installed-size': 'num'},
}


def type_ok(value, kind):
    if kind == 'str':
        return isinstance(value, str)
    if kind == 'bool':
        return isinstance(value, bool)
    if kind == 'int':
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == 'num':
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == 'strv':
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == 'obj':
        return isinstance(value, dict)
    if kind == 'list':
        return isinstance(value, list)
    raise ValueError(kind)


def check_keys(obj, table, where, problems, types=True):
    """Appends to problems every unknown key and, if types, every bad value."""
    for key, value in obj.items():
        if key not in table:
            problems.append('%s: unknown key %r' % (where, key))
        elif types and not type_ok(value, table[key]):
            problems.append('%s: %r should be %s, not %s'
                            % (where, key, table[key], type(value).__name__))


def check_build_options(opts, where, problems):
    check_keys(opts, BUILD_OPTIONS_KEYS, where, problems)
    env = opts.get('env')
    if isinstance(env, dict):
        for k, v in env.items():
            if v is not None and not isinstance(v, str):
                problems.append('%s: env %r should be a string or null' % (where, k))
    arch = opts.get('arch')
    if isinstance(arch, dict):
        for name, sub in arch.items():
            if isinstance(sub, dict):
                check_build_options(sub, '%s.arch.%s' % (where, name), problems)
            else:
                problems.append('%s.arch.%s should be an object' % (where, name))


def walk_modules(modules, problems, prefix='modules'):
    """Flattens nested modules; string entries (external files) are problems."""
    out = []
    if not isinstance(modules, list):
        return out
    for i, mod in enumerate(modules):
        where = '%s[%d]' % (prefix, i)
        if not isinstance(mod, dict):
            problems.append('%s is not an inline module object' % where)
            continue
        label = mod.get('name') if isinstance(mod.get('name'), str) else where
        out.append((label, where, mod))
        out.extend(walk_modules(mod.get('modules', []), problems, where + '.modules'))
    return out


def iter_sources(mod):
    sources = mod.get('sources')
    if isinstance(sources, list):
        for j, src in enumerate(sources):
            yield j, src


class Tap:
    def __init__(self):
        self.cases = []

    def add(self, name, problems=None, skip=None):
        self.cases.append((name, list(problems or []), skip))

    def emit(self, out=sys.stdout):
        print('1..%d' % len(self.cases), file=out)
        failed = 0
        for n, (name, problems, skip) in enumerate(self.cases, 1):
            if skip is not None:
                print('ok %d - %s # SKIP %s' % (n, name, skip), file=out)
            elif problems:
                failed += 1
                print('not ok %d - %s' % (n, name), file=out)
                for p in problems:
                    print('#   %s' % p, file=out)
            else:
                print('ok %d - %s' % (n, name), file=out)
        out.flush()
        return failed


# Case names: the self-test matches on these, so keep them stable.
C_JSON = 'manifest is a readable JSON object'
C_TOP_KEYS = 'top-level keys are all known'
C_TOP_TYPES = 'top-level values have the right types'
C_ID = 'app id is ' + BASE_ID
C_ID_DATA = 'app id matches the desktop file and metainfo templates'
C_RUNTIME = 'runtime and sdk are GNOME, with a pinned runtime-version'
C_COMMAND = 'command is ' + COMMAND
C_FINISH = 'finish-args are exactly the minimal set'
C_CLEANUP = 'cleanup drops headers, pkg-config files and static libraries'
C_MODULES = 'modules is a non-empty list of inline module objects'
C_NAMES = 'every module has a unique name'
C_BUILDSYSTEM = 'every module has a valid buildsystem'
C_SOURCES = 'every module has non-empty sources'
C_MODULE_KEYS = 'module and build-options keys are known and well typed'
C_SOURCE_KEYS = 'every source has a known type and known, well typed keys'
C_PINNED = 'every archive/file source has a url and a 64-hex sha256'
C_LAST = 'last module is %s built from a dir source' % APP_MODULE
C_RUN_TESTS = 'last module has run-tests: true'
C_CONFIG = 'last module config-opts disable PostgreSQL and match the profile'
C_BUILDER = 'G_DEBUG=fatal-warnings flatpak-builder --show-manifest exits 0'

ALL_CASES = [C_JSON, C_TOP_KEYS, C_TOP_TYPES, C_ID, C_ID_DATA, C_RUNTIME,
             C_COMMAND, C_FINISH, C_CLEANUP, C_MODULES, C_NAMES,
             C_BUILDSYSTEM, C_SOURCES, C_MODULE_KEYS, C_SOURCE_KEYS,
             C_PINNED, C_LAST, C_RUN_TESTS, C_CONFIG, C_BUILDER]


def read_text(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def check_manifest(path, data_dir=None, use_builder=True):
    tap = Tap()

    try:
        m = json.loads(read_text(path))
        if not isinstance(m, dict):
            raise ValueError('the top level is a %s, not an object' % type(m).__name__)
    except (OSError, ValueError) as e:
        tap.add(C_JSON, ['%s: %s' % (path, e)])
        for name in ALL_CASES[1:]:
            tap.add(name, ['manifest unreadable'])
        return tap

    tap.add(C_JSON)

    p = []
    check_keys(m, TOP_KEYS, 'top level', p, types=False)
    tap.add(C_TOP_KEYS, p)

    p = []
    check_keys({k: v for k, v in m.items() if k in TOP_KEYS}, TOP_KEYS, 'top level', p)
    if isinstance(m.get('build-options'), dict):
        check_build_options(m['build-options'], 'build-options', p)
    tap.add(C_TOP_TYPES, p)

    p = []
    ids = [k for k in ('id', 'app-id') if k in m]
    app_id = m.get(ids[0]) if len(ids) == 1 else None
    if len(ids) != 1:
        p.append('need exactly one of "id" and "app-id", found %s' % (ids or 'none'))
    elif app_id != BASE_ID:
        p.append('%s is %r' % (ids[0], app_id))
    tap.add(C_ID, p)

    if data_dir is None:
        tap.add(C_ID_DATA, skip='no --data-dir given')
    else:
        p = []
        if not isinstance(app_id, str):
            p.append('no usable app id')
        else:
            desktop = os.path.join(data_dir, app_id + '.desktop.in.in')
            metainfo = os.path.join(data_dir, app_id + '.metainfo.xml.in.in')
            for f in (desktop, metainfo):
                if not os.path.isfile(f):
                    p.append('missing %s' % f)
            if os.path.isfile(desktop):
                text = read_text(desktop)
                if not re.search(r'^Icon=@APP_ID@$', text, re.M):
                    p.append('%s: Icon is not @APP_ID@' % desktop)
                if not re.search(r'^Exec=%s(\s|$)' % re.escape(m.get('command') or ''), text, re.M):
                    p.append('%s: Exec does not run the manifest command' % desktop)
            if os.path.isfile(metainfo):
                text = read_text(metainfo)
                if '<id>@APP_ID@</id>' not in text:
                    p.append('%s: <id> is not @APP_ID@' % metainfo)
                if '>@APP_ID@.desktop</launchable>' not in text:
                    p.append('%s: launchable is not @APP_ID@.desktop' % metainfo)
        tap.add(C_ID_DATA, p)

    p = []
    if m.get('runtime') != RUNTIME:
        p.append('runtime is %r' % m.get('runtime'))
    if m.get('sdk') != SDK:
        p.append('sdk is %r' % m.get('sdk'))
    rv = m.get('runtime-version')
    if not (isinstance(rv, str) and re.fullmatch(r'[0-9]+', rv)):
        p.append('runtime-version %r is not a pinned stable branch' % rv)
    tap.add(C_RUNTIME, p)

    p = []
    if m.get('command') != COMMAND:
        p.append('command is %r' % m.get('command'))
    tap.add(C_COMMAND, p)

    p = []
    fa = m.get('finish-args')
    if not isinstance(fa, list):
        p.append('finish-args is missing or not a list')
    else:
        extra = [a for a in fa if a not in FINISH_ARGS]
        missing = [a for a in FINISH_ARGS if a not in fa]
        dups = sorted({a for a in fa if isinstance(a, str) and fa.count(a) > 1})
        if extra:
            p.append('unexpected: %s' % ' '.join(map(str, extra)))
        if missing:
            p.append('missing: %s' % ' '.join(missing))
        if dups:
            p.append('duplicated: %s' % ' '.join(dups))
    tap.add(C_FINISH, p)

    p = []
    cleanup = m.get('cleanup')
    if not isinstance(cleanup, list):
        p.append('cleanup is missing or not a list')
    else:
        for pat in REQUIRED_CLEANUP:
            if pat not in cleanup:
                p.append('cleanup lacks %r' % pat)
    tap.add(C_CLEANUP, p)

    p = []
    modules_raw = m.get('modules')
    if not isinstance(modules_raw, list) or not modules_raw:
        p.append('modules is missing, empty or not a list')
    modules = walk_modules(modules_raw, p)
    tap.add(C_MODULES, p)

    p = []
    seen = set()
    for label, where, mod in modules:
        name = mod.get('name')
        if not isinstance(name, str) or not name.strip():
            p.append('%s has no name' % where)
        elif name in seen:
            p.append('%s: name %r used twice' % (where, name))
        else:
            seen.add(name)
    tap.add(C_NAMES, p)

    p = []
    for label, where, mod in modules:
        bs = mod.get('buildsystem')
        if bs not in BUILDSYSTEMS:
            p.append('%s: buildsystem %r is not one of %s'
                     % (label, bs, ', '.join(sorted(BUILDSYSTEMS))))
    tap.add(C_BUILDSYSTEM, p)

    p = []
    for label, where, mod in modules:
        sources = mod.get('sources')
        if not isinstance(sources, list) or not sources:
            p.append('%s: sources missing or empty' % label)
    tap.add(C_SOURCES, p)

    p = []
    for label, where, mod in modules:
        check_keys(mod, MODULE_KEYS, label, p)
        if isinstance(mod.get('build-options'), dict):
            check_build_options(mod['build-options'], label + '.build-options', p)
    tap.add(C_MODULE_KEYS, p)

    p = []
    for label, where, mod in modules:
        for j, src in iter_sources(mod):
            swhere = '%s.sources[%d]' % (label, j)
            if not isinstance(src, dict):
                p.append('%s is not an inline source object' % swhere)
                continue
            stype = src.get('type')
            if stype not in SOURCE_KEYS:
                p.append('%s: unknown source type %r' % (swhere, stype))
                continue
            table = dict(SOURCE_COMMON, **SOURCE_KEYS[stype])
            check_keys(src, table, swhere, p)
    tap.add(C_SOURCE_KEYS, p)

    p = []
    for label, where, mod in modules:
        for j, src in iter_sources(mod):
            if not isinstance(src, dict) or src.get('type') not in ('archive', 'file'):
                continue
            swhere = '%s.sources[%d]' % (label, j)
            url = src.get('url')
            if not (isinstance(url, str) and re.match(r'^https://[^/\s]+/\S+$', url)):
                p.append('%s: url %r is not an https URL' % (swhere, url))
            sha = src.get('sha256')
            if not (isinstance(sha, str) and SHA256_RE.match(sha)):
                p.append('%s: sha256 %r is not 64 lower-case hex digits' % (swhere, sha))
    tap.add(C_PINNED, p)

    last = modules_raw[-1] if isinstance(modules_raw, list) and modules_raw else None
    if not isinstance(last, dict):
        last = {}

    p = []
    if last.get('name') != APP_MODULE:
        p.append('last module is %r' % last.get('name'))
    srcs = last.get('sources') if isinstance(last.get('sources'), list) else []
    dirs = [s for s in srcs if isinstance(s, dict) and s.get('type') == 'dir']
    if len(srcs) != 1 or len(dirs) != 1:
        p.append('last module should have exactly one source, of type dir')
    else:
        d = dirs[0].get('path')
        root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), str(d)))
        if not isinstance(d, str) or not os.path.isfile(os.path.join(root, 'meson.build')):
            p.append('dir source %r does not lead to a meson project (%s)' % (d, root))
    tap.add(C_LAST, p)

    p = []
    if last.get('run-tests') is not True:
        p.append('run-tests is %r' % last.get('run-tests'))
    tap.add(C_RUN_TESTS, p)

    p = []
    opts = last.get('config-opts')
    opts = opts if isinstance(opts, list) else []
    if '-Dpostgresql=disabled' not in opts:
        p.append('config-opts lack -Dpostgresql=disabled: %s' % opts)
    want = '-Dprofile=development' if str(app_id).endswith('.Devel') else '-Dprofile=default'
    profiles = [o for o in opts if isinstance(o, str) and o.startswith('-Dprofile=')]
    if profiles != [want]:
        p.append('profile options %s, want [%r]' % (profiles, want))
    tap.add(C_CONFIG, p)

    builder = shutil.which('flatpak-builder')
    if not use_builder:
        tap.add(C_BUILDER, skip='disabled with --no-flatpak-builder')
    elif builder is None:
        tap.add(C_BUILDER, skip='flatpak-builder is not installed')
    else:
        env = dict(os.environ, G_DEBUG='fatal-warnings')
        with tempfile.TemporaryDirectory(prefix='pb-fpb-') as cwd:
            r = subprocess.run([builder, '--show-manifest', os.path.abspath(path)],
                               cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, timeout=120)
        p = []
        if r.returncode < 0:
            p.append('killed by signal %d (a fatal warning)' % -r.returncode)
        elif r.returncode != 0:
            p.append('exit status %d' % r.returncode)
            p.extend(r.stderr.strip().splitlines()[-10:])
        tap.add(C_BUILDER, p)

    return tap


# Self-test -----------------------------------------------------------------

def _last(m):
    return m['modules'][-1]


def _first_pinned(m):
    for mod in m['modules']:
        for src in mod.get('sources', []):
            if isinstance(src, dict) and src.get('type') in ('archive', 'file'):
                return src
    raise AssertionError('the manifest has no archive or file source to break')


def _first_dep(m):
    return m['modules'][0]


def _set(obj, key, value):
    obj[key] = value


MUTATIONS = [
    # (description, case expected to fail, mutation of the parsed manifest)
    ('unknown top-level key', C_TOP_KEYS,
     lambda m: _set(m, 'comand', COMMAND)),
    ('archive source without sha256', C_PINNED,
     lambda m: _first_pinned(m).pop('sha256')),
    ('module with no sources', C_SOURCES,
     lambda m: _set(_first_dep(m), 'sources', [])),
    ('sha256 of the wrong length', C_PINNED,
     lambda m: _set(_first_pinned(m), 'sha256', _first_pinned(m)['sha256'][:63])),
    ('buildsystem "mesonx"', C_BUILDSYSTEM,
     lambda m: _set(_first_dep(m), 'buildsystem', 'mesonx')),
    ('module without a name', C_NAMES,
     lambda m: _first_dep(m).pop('name')),
    ('unknown module key', C_MODULE_KEYS,
     lambda m: _set(_first_dep(m), 'config-opt', [])),
    ('cleanup given as a string', C_TOP_TYPES,
     lambda m: _set(m, 'cleanup', '/include')),
    ('extra finish-arg --filesystem=home', C_FINISH,
     lambda m: m['finish-args'].append('--filesystem=home')),
    ('Devel app id', C_ID,
     lambda m: _set(m, 'id', BASE_ID + '.Devel')),
    ('command "pixbureau"', C_COMMAND,
     lambda m: _set(m, 'command', 'pixbureau')),
    ('unknown source type', C_SOURCE_KEYS,
     lambda m: _set(_first_pinned(m), 'type', 'tarball')),
    ('app module last without run-tests', C_RUN_TESTS,
     lambda m: _last(m).pop('run-tests')),
    ('app module without -Dpostgresql=disabled', C_CONFIG,
     lambda m: _last(m)['config-opts'].remove('-Dpostgresql=disabled')),
    ('app module not last', C_LAST,
     lambda m: m['modules'].reverse()),
]


def run_checker(manifest, data_dir):
    cmd = [sys.executable, os.path.abspath(__file__), manifest, '--no-flatpak-builder']
    if data_dir:
        cmd += ['--data-dir', data_dir]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    failed = re.findall(r'^not ok \d+ - (.*)$', r.stdout, re.M)
    return r.returncode, failed, r.stdout + r.stderr


def self_test(manifest, data_dir):
    tap = Tap()
    original = json.loads(read_text(manifest))
    project_root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest)),
                                                 _last(original)['sources'][0]['path']))

    with tempfile.TemporaryDirectory(prefix='pb-manifest-selftest-') as tmp:
        def write(name, m=None, text=None):
            path = os.path.join(tmp, name)
            if text is None:
                m = copy.deepcopy(m)
                # The copy lives elsewhere: point its dir source at the real tree.
                for mod in m.get('modules', []):
                    for src in mod.get('sources', []) if isinstance(mod, dict) else []:
                        if isinstance(src, dict) and src.get('type') == 'dir':
                            src['path'] = project_root
                text = json.dumps(m, indent=4)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            return path

        rc, failed, out = run_checker(write('unchanged.json', original), data_dir)
        p = [] if rc == 0 and not failed else ['rc=%d, failed: %s' % (rc, failed)]
        tap.add('an unmodified copy passes', p)

        rc, failed, out = run_checker(write('syntax.json', text=read_text(manifest)[:-3]), data_dir)
        p = [] if rc != 0 and C_JSON in failed else ['rc=%d, failed: %s' % (rc, failed)]
        tap.add('rejects a JSON syntax error', p)

        for n, (what, case, mutate) in enumerate(MUTATIONS):
            m = copy.deepcopy(original)
            mutate(m)
            rc, failed, out = run_checker(write('broken-%02d.json' % n, m), data_dir)
            p = []
            if rc == 0:
                p.append('accepted (rc=0)')
            if case not in failed:
                p.append('expected "%s" to fail; failed: %s' % (case, failed))
            tap.add('rejects %s' % what, p)

    return tap


def main(argv):
    args = list(argv[1:])
    opts = {'--self-test': False, '--no-flatpak-builder': False}
    data_dir = None
    positional = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = True
        elif a == '--data-dir' and args:
            data_dir = args.pop(0)
        elif a.startswith('-'):
            print('Bail out! unknown option %s' % a)
            return 2
        else:
            positional.append(a)
    if len(positional) != 1:
        print('Bail out! usage: %s [--self-test] MANIFEST [--data-dir DIR] '
              '[--no-flatpak-builder]' % os.path.basename(argv[0]))
        return 2

    if opts['--self-test']:
        tap = self_test(positional[0], data_dir)
    else:
        tap = check_manifest(positional[0], data_dir, not opts['--no-flatpak-builder'])
    return 1 if tap.emit() else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
