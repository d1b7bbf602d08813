#!/usr/bin/python3
"""Adversarial test of the regkit command line: hostile values for every option.

usage: adversarial_cli.py REGKIT [--timeout S] [--jobs N] [--keep] [--only TEXT] [--list] [--stats]

The subcommands and their options are read from `regkit --help` and `regkit CMD --help`,
so an option added later is tried without editing this file (with the generic checks of
its type; give it a row in DOMAINS to say which values it must refuse). Three kinds of
cases:

  1. options: every option that takes a value gets hostile values ('' / nan / inf / -1 /
     0 / 1e300 / 100000 / a non-number / a directory / a missing folder ...), every flag
     is given bare and as --flag=abc, every input positional gets missing, empty and
     wrong-kind files;
  2. misuse: options that do not apply where they are given (MISUSE);
  3. output hazards: --out / --json / --plot / --history / --checkpoint and the report
     folders pointed at a symlink, a dangling symlink, a FIFO, a directory, the input
     file, another output of the same run, a missing folder, a path under a regular file,
     '' and (--history) a wrong extension. A symlink to a file given as an output file is
     followed (regkit's documented choice): the run must succeed, the link must still point
     to its target and the target must hold the new output (a model regkit inspect loads,
     JSON, a PNG, a CSV table). Every other hazard must be refused, a report or checkpoint
     folder that is a symlink to a file included.

Every run must end by itself within --timeout seconds (no hang) and not by a signal (no
crash). A run that fails must print exactly one "regkit: error: ..." line, free of raw
C++ (std::bad_alloc, "filesystem error", "terminate called", stoi, basic_string, a
Class::member, an ...Options struct, a snake_case function name); when the value is
outside the option's documented range, that line must name the option (or, for a file,
the file). A value outside the range that exits 0 is "silently accepted". A failed run
must leave the case folder exactly as it was (no new file, nothing changed: the inputs,
the pre-existing outputs old.*, the symlinks and their targets, the FIFO); a successful
one may change only the outputs it was given (through a symlink: only its target). Output
hazards to refuse must in addition be refused before any work (nothing on stdout, no epoch
line, under FAIL_FAST_S seconds with --epochs 50).

To stay well under a minute on two cores (about 1,000 runs): an option defined alike on
several subcommands (the same --help line, so one definition and one validator) gets every
hostile value on the first subcommand that has it and a representative few (REPRESENTATIVE,
'' among them) on the others; a value that the usage parser refused there (exit status 2) is
not tried again elsewhere; compare / sweep get only the values of train's options that must
be refused (IN_RANGE_ON); one command line is run once. Every option is still tried on every
subcommand, and every output hazard on every output. A case folder the run left untouched is
reused by the next case.

Each case runs in its own folder under one temporary directory (removed at the end
unless --keep), holding the fixtures written by this script (write_fixtures(): data.csv,
logit.csv, data.svm, x.npy, y.npy, xc.npy, yc.npy, old.*, victim.txt, adir/, report/, a FIFO)
and the models lin.regkit and net.regkit made with the binary under test. Commands are
printed relative to such a folder. No run is given a path outside it except the input
/dev/null (read only; outputs get the FIFO instead, so /dev/null is never replaced).
Runs get a 2 GiB address-space limit, so an absurd allocation fails instead of taking
the machine. A run that the dynamic loader refuses (the binary or its library is being
rebuilt) is run again, for up to a minute. It may be started from any folder (CTest: the
binary's path as the only argument). Output: one line per failing case, then, as the last
line, "N passed, M failed"; exit 0 only if nothing failed (an error of the script itself
counts as one failure). Standard library only.
"""

import argparse
import errno
import hashlib
import json
import math
import os
import re
import resource
import shlex
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# --------------------------------------------------------------------------------------
# The case table.
# --------------------------------------------------------------------------------------

# One small, valid command per subcommand (run in a case folder). Values are attached with
# '=' so that editing a command is unambiguous; positionals are the bare words.
BASES = {
    'fit':      'fit --data=data.csv --target=y --lambda=0.1 --out=old.regkit --json=old.json',
    'path':     'path --data=data.csv --target=y --lambda-count=5 --out=old.regkit --json=old.json',
    'cv':       'cv --data=data.csv --target=y --lambda-count=5 --folds=3 --out=old.regkit --json=old.json',
    'predict':  'predict lin.regkit --data=data.csv --target=y --out=old.csv',
    'inspect':  'inspect data.csv --target=y',
    'train':    'train --dataset=xor --epochs=1 --out=old.regkit --history=old.json',
    'evaluate': 'evaluate net.regkit --dataset=xor',
    'compare':  'compare report --dataset=xor --epochs=1 --run=none --no-models',
    'sweep':    'sweep report --dataset=xor --epochs=1 --lambdas=0,1e-2',
}
# Output hazards must be refused before training: these bases have work to do.
HAZARD_BASES = dict(BASES, train='train --dataset=xor --epochs=50 --out=old.regkit --history=old.json',
                    compare='compare report --dataset=xor --epochs=50 --run=none --no-models',
                    sweep='sweep report --dataset=xor --epochs=50 --lambdas=0,1e-2')
# Extra commands that must succeed: they show the fixtures and settings below are valid.
CONTROLS = [
    'fit --data=x.npy --labels=y.npy --lambda=0.1',
    'fit --data=data.svm --lambda=0.1',
    'inspect lin.regkit',
    'inspect net.regkit',
    'predict net.regkit --data=logit.csv --target=y',
]

LINEAR = 'fit path cv predict'
NETWORK = 'train evaluate compare sweep'
# Some options only mean something in a setting; their cases start from the base changed so.
SETTINGS = {
    'logistic':   {'set': {'--data': 'logit.csv', '--model': 'logistic'}},
    'logistic-C': {'set': {'--data': 'logit.csv', '--model': 'logistic', '--C': '1'}, 'drop': ['--lambda']},
    'elasticnet': {'set': {'--model': 'elasticnet'}},
    'by-index':   {'drop': ['--target'], 'set': {'--target-index': '-1'}},
    'npy':        {'drop': ['--target'], 'set': {'--data': 'x.npy', '--labels': 'y.npy'}},
    'npy-classes': {'drop': ['--dataset', '--target'], 'set': {'--data': 'xc.npy', '--labels': 'yc.npy'}},
    'csv':        {'drop': ['--dataset'], 'set': {'--data': 'logit.csv', '--target': 'y'}},
    'csv-index':  {'drop': ['--dataset', '--target'], 'set': {'--data': 'logit.csv', '--target-index': '-1'}},
    'fashion':    {'set': {'--dataset': 'fashion-mnist'}},
}
NO_CONTROL = {'fashion'}      # a run on Fashion-MNIST takes seconds; its cases fail at the folder
OPTION_SETTINGS = [
    # commands               options                                                    setting
    ('fit',                  '--C',                                                     'logistic-C'),
    ('fit path cv',          '--class-weight --family --grouped --penalty',             'logistic'),
    ('fit path cv',          '--alpha',                                                 'elasticnet'),
    (LINEAR + ' inspect',    '--target-index',                                          'by-index'),
    (LINEAR,                 '--labels',                                                'npy'),
    (NETWORK,                '--data --target --no-header --format --max-read-bytes',   'csv'),
    (NETWORK,                '--target-index',                                          'csv-index'),
    (NETWORK,                '--labels',                                                'npy-classes'),
    (NETWORK,                '--fashion-dir',                                           'fashion'),
]

# Hostile values by the kind of option (kinds come from --help; see classify()). '' is passed
# as its own argument (--opt ''), JOINED_EMPTY as --opt= (an empty $VAR in --opt=$VAR).
JOINED_EMPTY = '--opt='
HOSTILE = {
    'int':    ['', JOINED_EMPTY, 'abc', '1.5', 'nan', 'inf', '-1', '0', '1e300', '100000', '2147483648'],
    'real':   ['', JOINED_EMPTY, 'abc', 'nan', 'inf', '-inf', '-1', '0', '1e300', '100000'],
    'choice': ['', JOINED_EMPTY, 'abc', 'nan', '-1'],
    'text':   ['', JOINED_EMPTY, 'abc', 'nan', '-1', '0', '1e300', 'adir', 'missing/x'],
    'input':  ['', JOINED_EMPTY, 'nope.csv', 'adir', '/dev/null', 'missing/x.csv', 'data.csv/x.csv'],
    'flag':   [None, 'abc'],            # None: the bare flag; 'abc': --flag=abc
}
EXTRA_VALUES = {
    '--data':           ['lin.regkit', 'x.npy', 'data.svm'],
    '--labels':         ['data.csv'],
    '--lambda-count':   ['1e9'],
    '--epochs':         ['1e12'],
    '--threads':        ['100000'],
    '--parallel':       ['100000'],
    '--layers':         ['1e9', '5,,5', '5,0', '5,-1', '5,'],
    '--lambdas':        ['/dev/null', '0.1,nan', '0.1,,0.2', '1,-1', '0.1,0.01'],
    '--class-weight':   ['balanced', '1,1', '1,0', '1,nan', '1,1,1'],
    '--max-read-bytes': ['1', '12Q', '512M', '99999999999999999999G'],
    'predict model':    ['data.csv', 'net.regkit', 'old.regkit'],
    'evaluate model':   ['data.csv', 'lin.regkit', 'old.regkit'],
    'inspect file':     ['lin.regkit', 'net.regkit', 'data.svm', 'x.npy'],
    '--run':            ['abc', '-1', ':', ':lr=0.1', 'x:lr', 'x:lr=', 'x:lr=nan', 'x:lr=-1', 'x:epochs=0',
                         'x:epochs=1e12', 'x:batch-size=0', 'x:layers=0', 'x:layers=1e9', 'x:kernel-l1=-1',
                         'x:weight-decay=inf', 'x:threads=100000', 'x:seed=-1', 'x:optimizer=abc', 'x:nosuch=1',
                         'x:data=data.csv', 'x:out=data.csv', 'x:history=h.txt', 'x:checkpoint=data.csv',
                         'x:lr=0.01'],
}
# compare and sweep take train's options and train with train's code, but each run that
# succeeds writes a report (0.2 s): their in-range values of train's options are tried on
# train only. Values that must be refused are tried on every command.
IN_RANGE_ON = {'compare': 'train', 'sweep': 'train'}
# In range, but they only time the machine: 100,000 epochs of a sweep take minutes.
SKIP_VALUES = {'compare --epochs': ['100000'], 'sweep --epochs': ['100000'],
               'compare --run': ['nan', '0', '1e300']}    # valid names, as 'abc' (a report each)
# An option defined alike on several subcommands (the same --help line: one definition, one
# validator) gets every value above on the first subcommand that has it (its lead) and only
# these on the others (all of them where its domain there is its own: NOT_APPLICABLE, a
# 'CMD --opt' row of DOMAINS). '' (or the bare flag) is always among them, so every option is
# tried on every subcommand.
REPRESENTATIVE = {
    'int':    ['', 'abc', '-1', '0', '1e300'],
    'real':   ['', 'nan', '-1', '1e300'],
    'choice': ['', 'abc'],
    'text':   ['', 'abc', '-1', 'adir'],
    'input':  ['', 'nope.csv', 'adir', '/dev/null'],
    'flag':   [None, 'abc'],
}
# The options that may be given /dev/null: they only read it. Any other option gets the FIFO
# `fifo` as its device, so that no run can replace /dev/null (the tests may run as root).
READS_DEV_NULL = {'--data', '--labels', '--lambdas', '--fashion-dir', 'predict model', 'evaluate model',
                  'inspect file'}
# Kind overrides for options whose help text would mislead classify().
KINDS = {'--max-read-bytes': 'text', '--lambdas': 'text', 'inspect --format': 'choice'}

INT_MAX = 2**31 - 1
INF = math.inf


class Real:
    """A finite decimal number in [lo, hi]; open='lo' / 'hi' / 'both' excludes the ends."""
    def __init__(self, lo=-INF, hi=INF, open=''):
        self.lo, self.hi, self.open = lo, hi, open

    def accepts(self, text):
        if not re.fullmatch(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?', text):
            return False
        x = float(text)
        lo_ok = x > self.lo if self.open in ('lo', 'both') else x >= self.lo
        hi_ok = x < self.hi if self.open in ('hi', 'both') else x <= self.hi
        return math.isfinite(x) and lo_ok and hi_ok


class Int:
    """A decimal integer (no exponent, no point) in [lo, hi]."""
    def __init__(self, lo=-2**31, hi=INT_MAX):
        self.lo, self.hi = lo, hi

    def accepts(self, text):
        return bool(re.fullmatch(r'[+-]?\d+', text)) and self.lo <= int(text) <= self.hi


class OneOf:
    def __init__(self, *words):
        self.words = words

    def accepts(self, text):
        return text in self.words


class ListOf:
    """A comma-separated list, every element in `item`."""
    def __init__(self, item):
        self.item = item

    def accepts(self, text):
        return text != '' and all(self.item.accepts(t) for t in text.split(','))


class Either:
    def __init__(self, *domains):
        self.domains = domains

    def accepts(self, text):
        return any(d.accepts(text) for d in self.domains)


class Size:
    """A byte count with an optional K/M/G/T suffix, in [lo, hi] bytes."""
    def __init__(self, lo, hi=2**63 - 1):
        self.lo, self.hi = lo, hi

    def accepts(self, text):
        m = re.fullmatch(r'(\d+)([KMGT]?)', text)
        return bool(m) and self.lo <= int(m.group(1)) * 1024 ** ' KMGT'.index(m.group(2) or ' ') <= self.hi


class Regex:
    def __init__(self, pattern):
        self.pattern = pattern

    def accepts(self, text):
        return bool(re.fullmatch(self.pattern, text))


class Anything:
    """No value is known to be invalid except the empty string."""
    def accepts(self, text):
        return text != ''


NOTHING = OneOf()     # every value tried must be refused

# The values each option documents as valid ('CMD --opt' rows win over '--opt' rows).
# Values outside must be refused with a message naming the option; values inside may work
# or fail, but never crash, hang or print raw C++.
DOMAINS = {
    '--alpha':              Real(0, 1),
    '--lambda':             Real(0, INF),
    '--C':                  Real(0, INF, open='lo'),
    '--tol':                Real(0, INF, open='lo'),
    '--max-iter':           Int(1, INT_MAX),
    '--threads':            Int(0, 1024),
    '--lambda-count':       Int(1, 100000),
    '--lambda-min-ratio':   Real(0, 1, open='lo'),
    '--lambdas':            ListOf(Real(0, INF)),
    'cv --folds':           Int(2, 20),                       # data.csv has 20 rows
    'sweep --folds':        Either(OneOf('0'), Int(2, 3)),    # xor: 4 samples, one held out
    '--seed':               Int(0, 2**64 - 1),
    '--target':             OneOf('y'),
    '--target-index':       Int(-3, 2),                       # logit.csv has 3 columns
    '--max-read-bytes':     Size(4096),
    '--class-weight':       Either(OneOf('balanced'), ListOf(Real(0, INF, open='lo'))),
    '--layers':             ListOf(Int(1, INT_MAX)),
    '--activation':         OneOf('relu', 'elu', 'sigmoid', 'tanh', 'linear'),
    '--init':               OneOf('he_normal', 'glorot_uniform', 'zeros'),
    '--kernel-l1':          Real(0, INF),
    '--kernel-l2':          Real(0, INF),
    '--weight-decay':       Real(0, INF),
    '--proximal-l1':        Real(0, INF),
    '--lr':                 Real(0, INF, open='lo'),
    '--momentum':           Real(0, 1),
    '--epochs':             Int(1, INT_MAX),
    '--batch-size':         Int(1, INT_MAX),
    '--validation':         Real(0, 1, open='hi'),
    '--checkpoint-every':   Int(1, INT_MAX),
    '--parallel':           Int(1, 1024),
    'inspect --format':     OneOf('auto', 'csv', 'libsvm', 'svmlight', 'npy', 'idx'),
    '--data':               OneOf('data.csv', 'logit.csv', 'data.svm'),
    '--labels':             OneOf('y.npy', 'yc.npy'),
    '--fashion-dir':        NOTHING,
    'predict model':        OneOf('lin.regkit', 'net.regkit'),
    'evaluate model':       OneOf('net.regkit'),
    'inspect file':         OneOf('lin.regkit', 'net.regkit', 'data.csv', 'data.svm'),
    '--run':                Either(Regex(r'[A-Za-z0-9_-]{1,40}'), OneOf('x:lr=0.01')),   # NAME[:SPEC]
}
# Options that do not apply to a command: any value must be refused.
NOT_APPLICABLE = {
    'compare': ['--out', '--history', '--checkpoint', '--checkpoint-every', '--resume'],
    'sweep':   ['--out', '--history', '--checkpoint', '--checkpoint-every', '--resume'],
}
# Arguments added to a base that do not make sense there: each must be refused, naming
# one of the options added.
MISUSE = [
    # commands               arguments                           why
    ('fit path cv',          '--alpha=0.5',                      'alpha on a lasso'),
    ('fit path cv',          '--penalty=l1',                     'a logistic option on a lasso'),
    ('fit path cv',          '--family=binomial',                'a logistic option on a lasso'),
    ('fit path cv',          '--grouped',                        'a logistic option on a lasso'),
    ('fit path cv',          '--class-weight=balanced',          'a logistic option on a lasso'),
    ('fit',                  '--C=1',                            '--C with --lambda, on a lasso'),
    ('fit path cv predict',  '--target-index=-1',                'the target twice (--target and --target-index)'),
    ('fit path cv',          '--labels=y.npy',                   '--labels with a CSV'),
    ('path cv',              '--lambdas=0.1,0.01',               '--lambdas with --lambda-count'),
    ('cv',                   '--metric=auc',                     'a logistic metric on a lasso'),
    ('predict',              '--proba',                          '--proba with a lasso model'),
    ('train evaluate',       '--data=logit.csv',                 '--data with --dataset'),
    (NETWORK,                '--target=y',                       'a CSV option with --dataset'),
    (NETWORK,                '--target-index=-1',                'a CSV option with --dataset'),
    ('train',                '--resume',                         '--resume without --checkpoint'),
    ('train',                '--checkpoint-every=2',             '--checkpoint-every without --checkpoint'),
    ('train',                '--momentum=0.9 --optimizer=adam',  'momentum with adam'),
    ('compare',              '--run=a --run=a',                  'one run name twice'),
    ('evaluate',             '--dataset=fashion-mnist',          'a network of 2 inputs on 784-pixel images'),
    ('compare sweep',        '--out=x.regkit',                   '--out does not apply (the report folder holds all)'),
    ('compare sweep',        '--history=h.json',                 '--history does not apply'),
    ('compare sweep',        '--checkpoint=ck',                  '--checkpoint does not apply'),
    ('compare sweep',        '--checkpoint-every=2',             '--checkpoint-every does not apply'),
    ('compare sweep',        '--resume',                         '--resume does not apply'),
]   # (compare and sweep's other NOT_APPLICABLE options get every value in option_cases)


# Output hazards. {ext} is the option's extension (OUT_EXT); '<input>' and '<other>' stand
# for the run's input files and its other outputs.
OUT_EXT = {'--out': '.regkit', '--json': '.json', '--plot': '.png', '--history': '.json', 'predict --out': '.csv'}
WRONG_EXT = {'--history': 'out.txt'}
# expect: 'refuse' (before any work, nothing changed) or 'follow': regkit follows a symlink
# given as an output (documented): the run succeeds, the link stays a link to the same target
# and the target gets the new content, of the output's kind (OUT_KIND); a dangling one is refused.
FILE_HAZARDS = [
    # name                   value                  special file the case folder gets          expect
    ('symlink',              'link{ext}',           ('symlink', 'link{ext}', 'victim.txt'),    'follow'),
    ('dangling symlink',     'dlink{ext}',          ('symlink', 'dlink{ext}', 'ghost{ext}'),   'refuse'),
    ('FIFO (a device)',      'fifo',                None,                                      'refuse'),
    ('directory',            'adir',                None,                                      'refuse'),
    ('missing folder',       'missing/out{ext}',    None,                                      'refuse'),
    ('parent is a file',     'data.csv/out{ext}',   None,                                      'refuse'),
    ('empty',                '',                    None,                                      'refuse'),
    ('empty, as --opt=',     JOINED_EMPTY,          None,                                      'refuse'),
    ('same as an input',     '<input>',             None,                                      'refuse'),
    ('same as another output', '<other>',           None,                                      'refuse'),
]
DIR_HAZARDS = [
    ('a regular file',       'data.csv',            None,                                      'refuse'),
    ('FIFO (a device)',      'fifo',                None,                                      'refuse'),
    ('symlink to a file',    'link.txt',            ('symlink', 'link.txt', 'victim.txt'),     'refuse'),
    ('parent is a file',     'data.csv/sub',        None,                                      'refuse'),
    ('empty',                '',                    None,                                      'refuse'),
    ('empty, as --opt=',     JOINED_EMPTY,          None,                                      'refuse'),
]
# What an output followed through a symlink must hold, by the link's extension.
OUT_KIND = {'.regkit': 'model', '.json': 'JSON', '.png': 'PNG', '.csv': 'CSV'}
FAIL_FAST_S = 2.0

# Failure messages: raw C++ anywhere on stderr, internal names on the error line.
RAW = re.compile(r'std::|bad_alloc|filesystem error|terminate called|Segmentation|basic_string|'
                 r'\bsto(i|l|ll|ul|ull|f|d|ld)\b|what\(\):|Assertion|libgomp|Sanitizer|runtime error:|'
                 r'core dumped|Aborted')
INTERNAL = [(re.compile(r'\b(?!std::)[A-Za-z_]\w*::\w+'), 'a C++ Class::member name'),
            (re.compile(r'\b[A-Z]\w*Options\b'), 'a C++ options struct name'),
            (re.compile(r'\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\(\))?:'), 'a C++ function name')]
# Signs that a run did work (before refusing): progress lines and results.
WORK = re.compile(r'epoch \d+/\d+|nonzero|lambda_min|done in|written to|saved to|\bpasses\b')
# Options about the data file, whose errors may name the file instead.
ABOUT_DATA = {'--target', '--target-index', '--no-header', '--format'}

# --------------------------------------------------------------------------------------
# Fixtures.
# --------------------------------------------------------------------------------------

SENTINEL = b'pre-existing file: must not change\n'


def _fixture_numbers(n=20):
    """Deterministic data: 20 rows of a linear model with noise, and 0/1 labels."""
    state = [20240601]

    def u():
        state[0] = (1103515245 * state[0] + 12345) % 2**31
        return state[0] / 2**30 - 1.0

    reg = []
    cls = []
    for i in range(n):
        x1, x2, x3, e = u(), u(), u(), u()
        reg.append((x1, x2, x3, 1.5 * x1 - 2.0 * x2 + 0.5 * x3 + 0.2 * e))
        cls.append((x1, x2, 1.0 if x1 + 0.5 * x2 + 0.8 * e > 0 else 0.0))
    return reg, cls


def _npy(shape, values):
    """A float64 little-endian .npy file (format version 1.0) as bytes."""
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % (tuple(shape),)
    header += ' ' * ((64 - (10 + len(header) + 1) % 64) % 64) + '\n'
    return (b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') +
            struct.pack('<%dd' % len(values), *values))


def write_fixtures(folder):
    reg, cls = _fixture_numbers()
    files = {
        'data.csv': 'x1,x2,x3,y\n' + ''.join('%.6f,%.6f,%.6f,%.6f\n' % r for r in reg),
        'logit.csv': 'x1,x2,y\n' + ''.join('%.6f,%.6f,%d\n' % r for r in cls),
        'data.svm': ''.join('%.6f 1:%.6f 2:%.6f 3:%.6f\n' % (r[3], r[0], r[1], r[2]) for r in reg),
        'x.npy': _npy((len(reg), 3), [v for r in reg for v in r[:3]]),
        'y.npy': _npy((len(reg),), [r[3] for r in reg]),
        'xc.npy': _npy((len(cls), 2), [v for r in cls for v in r[:2]]),
        'yc.npy': _npy((len(cls),), [r[2] for r in cls]),
    }
    for name in ('old.regkit', 'old.json', 'old.csv', 'old.png', 'victim.txt'):
        files[name] = SENTINEL
    os.makedirs(os.path.join(folder, 'adir'))
    os.makedirs(os.path.join(folder, 'report'))
    files['report/index.html'] = SENTINEL
    files['adir/keep.txt'] = SENTINEL
    for name, content in files.items():
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(content.encode() if isinstance(content, str) else content)


MODELS = {'lin.regkit': 'path --data=data.csv --target=y --lambda-count=5 --out=lin.regkit',
          'net.regkit': 'train --dataset=xor --epochs=1 --out=net.regkit'}

# --------------------------------------------------------------------------------------
# Reading --help.
# --------------------------------------------------------------------------------------


class Option:
    def __init__(self, name, type_, choices, check, help_, positional=False):
        self.name, self.type, self.choices, self.check = name, type_, choices, check
        self.help, self.positional, self.kind = help_, positional, None


def parse_help(text):
    """Options and positionals of one --help page, in order. A line is NAME, then after one
    space its type as CLI11 prints it (TYPE[:{choices}|:check][=default][ ...][ REQUIRED]),
    then after two or more spaces its description, which may go on over indented lines."""
    options, section, current = [], None, None
    for line in text.splitlines():
        if re.fullmatch(r'(Options|Positionals|Subcommands):', line.rstrip()):
            section = line.rstrip()[:-1]
            continue
        m = re.match(r'^  (?:-\w,)?(--[\w-]+|[a-z][\w-]*)(?:\{\w+\})?(?: (\S.*?))?(?:\s{2,}(.*))?$', line)
        if m and section in ('Options', 'Positionals'):
            spec = re.sub(r'( \.\.\.)?( REQUIRED)?$', '', m.group(2) or '')
            t = re.match(r'([A-Z]+)(?::(\{[^}]*\}|.*?))?(?:(?<![<>])=[^=]*)?$', spec)   # '>=' is no default
            choices = t.group(2)[1:-1].split(',') if t and t.group(2) and t.group(2).startswith('{') else None
            check = t.group(2) if t and t.group(2) and not choices else ''
            current = Option(m.group(1), t.group(1) if t else None, choices, check, (m.group(3) or '').strip(),
                             positional=section == 'Positionals')
            options.append(current)
        elif current and line.startswith('    '):
            current.help = (current.help + ' ' + line.strip()).strip()
    return [o for o in options if o.name not in ('--help', '--version')]


def domain_from_check(opt):
    """The range a CLI11 check printed in --help states ('NUMBER > 0', 'INT in [0, 1024]'), if any."""
    m = re.fullmatch(r'(NUMBER|INT) (>=?) (\S+)', opt.check)
    if m:
        return Real(float(m.group(3)), INF, open='lo' if m.group(2) == '>' else '')
    m = re.fullmatch(r'(NUMBER|INT) in ([\[(])(\S+), (\S+)([\])])', opt.check)
    if m:
        lo, hi = float(m.group(3)), float(m.group(4))
        if m.group(1) == 'INT':
            return Int(int(lo), int(hi))
        return Real(lo, hi, open={(True, True): 'both', (True, False): 'lo', (False, True): 'hi'}.get(
            (m.group(2) == '(', m.group(5) == ')'), ''))
    return None


def classify(cmd, opt):
    """int, real, choice, text, input, output, diroutput or flag."""
    override = KINDS.get(cmd + ' ' + opt.name, KINDS.get(opt.name))
    if override:
        return override
    if opt.type is None:
        return 'flag'
    if opt.type in ('INT', 'UINT'):
        return 'int'
    if opt.type == 'FLOAT':
        return 'real'
    if opt.choices:
        return 'choice'
    if re.match(r'(Write|Save|Directory for|Report folder)', opt.help):
        return 'diroutput' if re.search(r'Directory|folder', opt.help) else 'output'
    if re.search(r'\b(file|File|Directory)\b', opt.help):
        return 'input'
    return 'text'


def domain_of(cmd, opt):
    key = opt.name if not opt.positional else cmd + ' ' + opt.name
    if cmd in NOT_APPLICABLE and opt.name in NOT_APPLICABLE[cmd]:
        return NOTHING
    d = DOMAINS.get(cmd + ' ' + opt.name, DOMAINS.get(key)) or domain_from_check(opt)
    if d is not None:
        return d
    if opt.kind == 'choice':
        return OneOf(*opt.choices)
    if opt.kind == 'int':
        return Int(0 if opt.type == 'UINT' else -2**31, 2**64 - 1 if opt.type == 'UINT' else INT_MAX)
    if opt.kind == 'real':
        return Real()
    if opt.kind == 'input':
        return NOTHING
    return Anything()

# --------------------------------------------------------------------------------------
# Commands and cases.
# --------------------------------------------------------------------------------------


def split(command):
    return command.split(' ')


def option_index(args, name):
    for i, a in enumerate(args):
        if a == name or a.startswith(name + '='):
            return i
    return None


def positionals(args):
    """Indices of the positional arguments (after the subcommand; not the '' of --opt '')."""
    return [i for i, a in enumerate(args) if i > 0 and not a.startswith('-') and not (
        a == '' and args[i - 1].startswith('--') and '=' not in args[i - 1])]


def set_option(args, name, value):
    """args with --name=value replacing any --name already there. None: the bare flag;
    '': --name '' (two arguments); JOINED_EMPTY: --name=."""
    tokens = [name] if value is None else [name, ''] if value == '' else \
        [name + '='] if value == JOINED_EMPTY else [name + '=' + value]
    i = option_index(args, name)
    return args[:i] + tokens + args[i + 1:] if i is not None else args + tokens


def drop_option(args, name):
    i = option_index(args, name)
    return args if i is None else args[:i] + args[i + 1:]


def option_value(args, name):
    i = option_index(args, name)
    return None if i is None or '=' not in args[i] else args[i].split('=', 1)[1]


def apply_setting(args, setting):
    if not setting:
        return args
    for name in SETTINGS[setting].get('drop', []):
        args = drop_option(args, name)
    for name, value in SETTINGS[setting].get('set', {}).items():
        args = set_option(args, name, value)
    return args


def setting_for(cmd, name):
    for cmds, names, setting in OPTION_SETTINGS:
        if cmd in cmds.split() and name in names.split():
            return setting
    return None


def outputs_of(args, out_kinds):
    """The output paths a command names (files and folders it may write)."""
    paths = []
    for name, kind in out_kinds.items():
        if kind in ('output', 'diroutput'):
            if name.startswith('--'):
                v = option_value(args, name)
                if v:
                    paths.append(v)
            else:
                pos = positionals(args)
                if pos:
                    paths.append(args[pos[0]])
    return paths


def only_reads_outside(args):
    """True if the only path outside the case folder is /dev/null, given where it is only read."""
    for i, token in enumerate(args):
        name, eq, value = token.partition('=') if token.startswith('--') else ('', '', token)
        if not eq and name and i + 1 < len(args) and not args[i + 1].startswith('-'):
            continue                                       # --opt VALUE: judged at VALUE
        if not eq and not name and i > 0 and args[i - 1].startswith('--') and '=' not in args[i - 1]:
            name = args[i - 1]                             # VALUE of --opt VALUE
        elif not name:
            name = args[0] + ' ' + ('model' if args[0] in ('predict', 'evaluate') else 'file')
        if value.startswith('/') or value.startswith('..'):
            if value != '/dev/null' or name not in READS_DEV_NULL:
                return False
    return True


class Case:
    def __init__(self, section, args, what, must_refuse=False, names=(), must_succeed=False,
                 fail_fast=False, specials=(), outputs=(), twin=None, follow=None):
        assert only_reads_outside(args), 'a case would touch a path outside its folder: %r' % args
        self.section, self.args, self.what = section, args, what
        self.must_refuse, self.names, self.must_succeed = must_refuse, list(names), must_succeed
        self.fail_fast, self.specials, self.outputs = fail_fast, list(specials), list(outputs)
        self.twin = twin      # same option definition and value as on other subcommands
        self.follow = follow  # (symlink, its target, kind of content): an output given as a symlink

    def command(self):
        return 'regkit ' + ' '.join(shlex.quote(a) for a in self.args)


def build_cases(options):
    """All cases, from options = {subcommand: [Option]} as read from --help."""
    out_kinds = {cmd: {o.name: o.kind for o in opts} for cmd, opts in options.items()}
    cases = [Case('control', split(BASES[cmd]), 'the base command', must_succeed=True,
                  outputs=outputs_of(split(BASES[cmd]), out_kinds[cmd])) for cmd in options if cmd in BASES]
    cases += [Case('control', split(command), 'a valid command', must_succeed=True) for command in CONTROLS]
    for cmd in options:
        if cmd not in BASES:
            print('note: no base command for subcommand %r; not tested' % cmd)
    cases += option_cases(options, out_kinds)
    cases += misuse_cases(options, out_kinds)
    cases += hazard_cases(options, out_kinds)
    unique = {}           # one run per command line; a case that must refuse wins over one that may not
    for c in cases:
        first = unique.setdefault(tuple(c.args), c)
        if first is not c and c.must_refuse and not first.must_refuse:
            unique[tuple(c.args)] = c
    return list(unique.values())


def option_cases(options, out_kinds):
    """1. Hostile values for every option and positional (outputs: see hazard_cases)."""
    cases, settings_used, leads = [], set(), {}
    for cmd, opts in options.items():
        positional_names = [o.name for o in opts if o.positional]
        shared = [o.name for o in options.get(IN_RANGE_ON.get(cmd), [])]
        for opt in opts:
            if cmd not in BASES or opt.kind in ('output', 'diroutput'):
                continue
            setting = setting_for(cmd, opt.name)
            if setting:
                settings_used.add((cmd, setting))
            base = apply_setting(split(BASES[cmd]), setting)
            domain = domain_of(cmd, opt)
            key = cmd + ' ' + opt.name if opt.positional else opt.name
            values = HOSTILE[opt.kind] + [v for v in EXTRA_VALUES.get(key, []) if v not in HOSTILE[opt.kind]]
            values = [v for v in values if v not in SKIP_VALUES.get(cmd + ' ' + opt.name, [])]
            definition = (opt.name, opt.type, opt.check, str(opt.choices), opt.help)
            lead = leads.setdefault(definition, cmd)
            own_domain = opt.name in NOT_APPLICABLE.get(cmd, []) or cmd + ' ' + opt.name in DOMAINS
            if lead != cmd and not own_domain:
                values = [v for v in values if v in REPRESENTATIVE[opt.kind]]
            if key not in READS_DEV_NULL:
                values = ['fifo' if v == '/dev/null' else v for v in values]
            emitted = len(cases)
            for n, value in enumerate(values):
                given = value not in (None, '', JOINED_EMPTY)      # a value that can be named
                if opt.positional:
                    if value == JOINED_EMPTY:
                        continue
                    i = positionals(base)[positional_names.index(opt.name)]
                    args = base[:i] + [value] + base[i + 1:]
                    names = [value] if given else [opt.name]
                else:
                    args = set_option(base, opt.name, value)
                    names = [opt.name] + ([value] if given and opt.kind == 'input' else [])
                if opt.name in ABOUT_DATA:
                    names += [v for v in [option_value(args, '--data')] + [args[i] for i in positionals(args)] if v]
                if opt.name == '--run' and given:
                    names += [value] + ['--' + kv.split('=')[0] for kv in value.partition(':')[2].split(',') if kv]
                refuse = domain is NOTHING if value is None else not domain.accepts(
                    '' if value == JOINED_EMPTY else value)
                if not refuse and opt.name in shared and (len(cases) > emitted or n + 1 < len(values)):
                    continue                                       # (but one case per option at least)
                what = '%s %s' % (opt.name, 'given bare' if value is None else 'given as --opt=' if
                                  value == JOINED_EMPTY else '= %r' % value)
                twin = definition + (value,) if given and not own_domain else None
                cases.append(Case('option', args, what, must_refuse=refuse, names=names,
                                  outputs=outputs_of(args, out_kinds[cmd]), twin=twin))
    for cmd, setting in sorted(settings_used):
        if setting not in NO_CONTROL:
            args = apply_setting(split(BASES[cmd]), setting)
            cases.append(Case('control', args, 'the base in setting %r' % setting, must_succeed=True,
                              outputs=outputs_of(args, out_kinds[cmd])))
    return cases


def misuse_cases(options, out_kinds):
    """2. Options given where they do not apply."""
    cases = []
    for cmds, extra, why in MISUSE:
        for cmd in cmds.split():
            if cmd not in options:
                continue
            args = split(BASES[cmd])
            for token in extra.split(' '):
                name, eq, value = token.partition('=')
                args = args + [token] if name == '--run' else set_option(args, name, value if eq else None)
            names = [t.split('=')[0] for t in extra.split(' ')] + [args[i] for i in positionals(args)]
            cases.append(Case('misuse', args, why, must_refuse=True, names=names,
                              outputs=outputs_of(args, out_kinds[cmd])))
    return cases


def hazard_cases(options, out_kinds):
    """3. Every output pointed at something it must not replace or cannot write."""
    cases = []
    for cmd, opts in options.items():
        for opt in opts:
            if cmd not in HAZARD_BASES or opt.kind not in ('output', 'diroutput') or \
                    opt.name in NOT_APPLICABLE.get(cmd, []):
                continue
            ext = OUT_EXT.get(cmd + ' ' + opt.name, OUT_EXT.get(opt.name, '.out'))
            hazards = FILE_HAZARDS if opt.kind == 'output' else DIR_HAZARDS
            if opt.name in WRONG_EXT:
                hazards = hazards + [('wrong extension', WRONG_EXT[opt.name], None, 'refuse')]
            for name, template, special, expect in hazards:
                # a refusal must come before the work (HAZARD_BASES); a followed link just works
                base = split((HAZARD_BASES if expect == 'refuse' else BASES)[cmd])
                if template == '<input>':
                    if option_value(base, '--data') is None:
                        base = apply_setting(base, 'csv')
                    values = [option_value(base, '--data')] + [base[i] for i in positionals(base)
                                                               if base[i].endswith('.regkit')]
                elif template == '<other>':
                    values = [v for v in outputs_of(base, out_kinds[cmd]) if v != option_value(base, opt.name)]
                elif template == JOINED_EMPTY and opt.positional:
                    values = []
                else:
                    values = [template.replace('{ext}', ext)]
                for value in values:
                    if opt.positional:
                        i = positionals(base)[0]
                        args = base[:i] + [value] + base[i + 1:]
                    else:
                        args = set_option(base, opt.name, value)
                    others = [p for p in outputs_of(args, out_kinds[cmd]) if p != value]   # not the hazard
                    shown = opt.name + '=' if value == JOINED_EMPTY else repr(value)
                    what = '%s -> %s (%s)' % (opt.name, name, shown)
                    specials = [tuple(x.replace('{ext}', ext) for x in special)] if special else []
                    if expect == 'follow':
                        _, link, target = specials[0]
                        cases.append(Case('hazard', args, what + ', to be followed', must_succeed=True,
                                          outputs=others + [target], specials=specials,
                                          follow=(link, target, OUT_KIND.get(ext))))
                        continue
                    cases.append(Case('hazard', args, what, must_refuse=True,
                                      names=[opt.name] + ([value] if value not in ('', JOINED_EMPTY) else []),
                                      fail_fast=True, outputs=others, specials=specials))
    return cases

# --------------------------------------------------------------------------------------
# Running and judging.
# --------------------------------------------------------------------------------------


def snapshot(folder):
    """{relative path: description} of everything under folder, links and FIFOs unopened."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder)
            st = os.lstat(path)
            mode = ' mode %o' % stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = 'symlink -> ' + os.readlink(path)
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = 'directory' + mode
            elif stat.S_ISREG(st.st_mode):
                with open(path, 'rb') as f:
                    out[rel] = 'file %d bytes #%s%s' % (st.st_size, hashlib.sha256(f.read()).hexdigest()[:8], mode)
            elif stat.S_ISFIFO(st.st_mode):
                out[rel] = 'FIFO' + mode
            else:
                out[rel] = 'special %o' % st.st_mode
    return out


def under(path, roots):
    return any(path == r or path.startswith(r.rstrip('/') + '/') for r in roots if r)


def launch(argv, cwd, env, deadline=60.0):
    """Popen, waiting (up to `deadline` s) while the binary is missing or being rebuilt."""
    start = time.monotonic()
    while True:
        try:
            return subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            if e.errno not in (errno.ENOENT, errno.ETXTBSY, errno.EACCES, errno.ENOEXEC) or \
                    time.monotonic() - start > deadline:
                raise
            time.sleep(0.5)


# The dynamic loader's complaints while the binary or its library is being rebuilt: run again.
LOADER = re.compile(r'error while loading shared libraries|symbol lookup error|cannot execute binary file')


def run(binary, args, cwd, timeout, deadline=60.0):
    env = {k: v for k, v in os.environ.items() if k != 'REGKIT_MAX_READ_BYTES'}
    env['LC_ALL'] = 'C'
    start = time.monotonic()
    while True:
        t0 = time.monotonic()
        p = launch([binary] + args, cwd, env)
        try:
            out, err = p.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            timed_out = True
        out, err = out.decode(errors='replace'), err.decode(errors='replace')
        if p.returncode not in (126, 127) or not LOADER.search(err) or time.monotonic() - start > deadline:
            return p.returncode, out, err, time.monotonic() - t0, timed_out
        time.sleep(1.0)


def judge(case, rc, out, err, seconds, timed_out, before, after, timeout):
    """The problems of one run: [(kind, text)]."""
    problems = []
    if timed_out:
        return [('hang', 'still running after %g s (killed)' % timeout)]
    if rc < 0:
        problems.append(('crash/signal', 'killed by %s' % signal.Signals(-rc).name))
    m = RAW.search(err)
    if m:
        problems.append(('bad message', 'raw C++ on stderr (%r)' % m.group(0)))
    error_lines = [line for line in err.splitlines() if line.startswith('regkit: error:')]
    if case.must_succeed and rc != 0:
        problems.append(('control', ('a valid command failed (exit %d)' if not case.follow else
                                     'exit %d; an output given as a symlink must be followed') % rc))
    if rc == 0 and case.must_refuse:
        problems.append(('silently accepted', 'exit 0; expected a refusal'))
    if rc > 0:
        if len(error_lines) != 1:
            problems.append(('bad message', '%d "regkit: error:" lines; expected one' % len(error_lines)))
        else:
            line = error_lines[0]
            for pattern, what in INTERNAL:
                hit = pattern.search(line)
                if hit:
                    problems.append(('bad message', 'the error names %s (%r)' % (what, hit.group(0))))
            if case.must_refuse and not any(n in line for n in case.names):
                problems.append(('bad message', 'the error does not name %s' % ' or '.join(
                    repr(n) for n in case.names)))
    if case.fail_fast and rc != 0:
        work = WORK.search(err)
        if out.strip() or work:
            problems.append(('output-path hazard', 'refused only after working (%r)' % (
                work.group(0) if work else 'output on stdout')))
        if seconds > FAIL_FAST_S:
            problems.append(('output-path hazard', 'took %.1f s to refuse (> %g s)' % (seconds, FAIL_FAST_S)))
    allowed = case.outputs if rc == 0 else []
    new = sorted(p for p in after if p not in before and not under(p, allowed))
    changed = sorted(p for p in before if before[p] != after.get(p) and not under(p, allowed))
    if new:
        problems.append(('file written or changed', 'new: ' + ', '.join(new[:4]) + (' ...' if len(new) > 4 else '')))
    for p in changed[:4]:
        problems.append(('file written or changed', '%s: %s -> %s' % (p, before[p], after.get(p, 'gone'))))
    return problems


KIND_ORDER = ['crash/signal', 'hang', 'control', 'output-path hazard', 'silently accepted',
              'file written or changed', 'bad message']


_spare = threading.local()     # per worker: a case folder left exactly as made, to reuse


def case_folder(root, number):
    """A fresh case folder: the fixtures and the FIFO (a reused one when a worker has one)."""
    folder = getattr(_spare, 'folder', None)
    _spare.folder = None
    if folder is None:
        folder = os.path.join(root, 'case%04d' % number)
        shutil.copytree(os.path.join(root, 'fixtures'), folder, copy_function=shutil.copyfile)
        os.mkfifo(os.path.join(folder, 'fifo'))
    return folder


PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def content_problem(kind, data, check_model):
    """Why data is not a valid output of the kind ('model', 'JSON', 'PNG', 'CSV'), or None."""
    if kind == 'model':
        return None if check_model() else 'regkit inspect cannot load it as a model'
    if kind == 'PNG':
        return None if data.startswith(PNG_SIGNATURE) and b'IEND' in data[-12:] else 'not a complete PNG'
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        return 'not UTF-8 text'
    if kind == 'JSON':
        try:
            json.loads(text)
        except ValueError as e:
            return 'not valid JSON (%s)' % e
        return None
    if kind == 'CSV':
        rows = [line.split(',') for line in text.splitlines()]
        if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows):
            return 'not a CSV table (a header and rows of as many fields)'
        try:
            [float(x) for r in rows[1:] for x in r]
        except ValueError:
            return 'not a CSV table of numbers under a header'
    return None


def followed(case, folder, binary, timeout):
    """The problems of an output given as a symlink to a file, after a run that exited 0: the target
    must hold the new output (the link itself is checked by judge(), as a file it may not change)."""
    link, target, kind = case.follow
    path = os.path.join(folder, target)
    if os.path.islink(path) or not os.path.isfile(path):
        return [('output-path hazard', 'the target %s of the symlink %s is no longer a regular file' % (target, link))]
    with open(path, 'rb') as f:
        data = f.read()
    if data == SENTINEL:
        return [('output-path hazard', 'the symlink %s was not followed: its target %s is unchanged' % (link, target))]
    why = content_problem(kind, data, lambda: run(binary, ['inspect', target], folder, timeout)[0] == 0)
    return [('output-path hazard', 'the target %s of the symlink %s: %s' % (target, link, why))] if why else []


def run_case(case, binary, root, number, timeout, keep, pristine):
    folder = case_folder(root, number)
    specials = [os.path.join(folder, s[1]) for s in case.specials]
    for special, path in zip(case.specials, specials):
        os.symlink(special[2], path)
    before = snapshot(folder)
    rc, out, err, seconds, timed_out = run(binary, case.args, folder, timeout)
    after = snapshot(folder)
    problems = judge(case, rc, out, err, seconds, timed_out, before, after, timeout)
    if case.follow and rc == 0 and not timed_out:
        problems += followed(case, folder, binary, timeout)
    if problems and keep:
        os.rename(folder, os.path.join(root, 'failed%04d' % number))
        folder = os.path.join(root, 'failed%04d' % number)
    elif after == before:                                  # unchanged: reuse it
        for path in specials:
            os.unlink(path)
        _spare.folder = folder if snapshot(folder) == pristine else None
        if _spare.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    last = [line for line in err.splitlines() if line.strip()]
    return problems, (last[-1] if last else ''), folder, seconds, rc


def wait_for(binary, seconds=120):
    start = time.monotonic()
    while not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        if time.monotonic() - start > seconds:
            raise RuntimeError('%s is not an executable file' % binary)
        time.sleep(1)


def help_text(binary, args):
    rc, out, err, _, timed_out = run(binary, args, None, 30)
    if rc != 0 or timed_out:
        raise RuntimeError('%s %s failed: %s' % (binary, ' '.join(args), err.strip()))
    return out


def limit_resources(binary):
    """Children inherit: no core files, 2 GiB of address space (not under a sanitizer)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with open(binary, 'rb') as f:
        image = f.read()
    sanitized = b'AddressSanitizer' in image or b'ThreadSanitizer' in image or b'MemorySanitizer' in image
    if not sanitized:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, resource.getrlimit(resource.RLIMIT_AS)[1]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 20, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('regkit', help='the regkit binary')
    parser.add_argument('--timeout', type=float, default=10.0, help='seconds a run may take (default 10)')
    parser.add_argument('--jobs', type=int, default=2, help='runs at once (default 2)')
    parser.add_argument('--keep', action='store_true', help='keep the folders of failing cases')
    parser.add_argument('--only', default='', help='only cases whose command contains this text')
    parser.add_argument('--list', action='store_true', help='list the cases and exit')
    parser.add_argument('--stats', action='store_true', help='print the cases and seconds per subcommand')
    parser.add_argument('--every', type=int, default=int(os.environ.get('REGKIT_ADVERSARIAL_EVERY', '1')),
                        help='run every N-th option case only; controls and output hazards always run '
                             '(default 1, or $REGKIT_ADVERSARIAL_EVERY: the sanitizer suite samples)')
    a = parser.parse_args()
    binary = os.path.abspath(a.regkit)
    wait_for(binary)
    started = time.monotonic()

    options, subcommands, section = {}, [], False
    for line in help_text(binary, ['--help']).splitlines():
        if line.startswith('Subcommands:'):
            section = True
        elif section and re.match(r'^  [a-z]', line):
            subcommands.append(line.split()[0])
    for cmd in dict.fromkeys(subcommands):
        options[cmd] = parse_help(help_text(binary, [cmd, '--help']))
        for opt in options[cmd]:
            opt.kind = classify(cmd, opt)
    cases = [c for c in build_cases(options) if a.only in c.command()]
    if a.every > 1:
        kept = [c for c in cases if c.section in ('control', 'hazard')]
        others = [c for c in cases if c.section not in ('control', 'hazard')]
        cases = kept + others[::a.every]
    if a.list:
        for c in cases:
            must = 'must refuse' if c.must_refuse else 'must work' if c.must_succeed else ''
            print('%-8s %-11s %s    # %s' % (c.section, must, c.command(), c.what))
        print('%d cases' % len(cases))
        return 0

    limit_resources(binary)
    root = tempfile.mkdtemp(prefix='regkit-adversarial-')
    failures, skipped = [], 0
    try:
        fixtures = os.path.join(root, 'fixtures')
        os.makedirs(fixtures)
        write_fixtures(fixtures)
        for name, command in MODELS.items():
            rc, _, err, _, _ = run(binary, split(command), fixtures, a.timeout)
            if rc != 0 or not os.path.isfile(os.path.join(fixtures, name)):
                print('FAIL [control] regkit %s  --  cannot make the fixture %s  --  %s' % (
                    command, name, err.strip().splitlines()[-1] if err.strip() else ''))
                print('0 passed, 1 failed')
                return 1
        lock = threading.Lock()
        results = []
        probe = case_folder(root, 99999)
        pristine = snapshot(probe)
        shutil.rmtree(probe)

        def one(item):
            number, case = item
            problems, last, folder, seconds, rc = run_case(case, binary, root, number, a.timeout, a.keep, pristine)
            with lock:
                results.append((case, problems, last, folder, seconds, rc))

        # An option defined alike on several subcommands (same --help line) is parsed alike:
        # a value the first one refuses with the usage-error status 2 (CLI11 refused it while
        # parsing, before any subcommand code) is not tried on the others.
        leads, first, rest = {}, [], []
        for number, case in enumerate(cases):
            (rest if case.twin is not None and case.twin in leads else first).append((number, case))
            if case.twin is not None:
                leads.setdefault(case.twin, case)
        with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            list(pool.map(one, first))
            status = {id(r[0]): r[5] for r in results}
            rest = [(n, c) for n, c in rest if status[id(leads[c.twin])] != 2]
            list(pool.map(one, rest))
        skipped = len(cases) - len(results)
        if a.stats:
            for cmd in options:
                mine = [r for r in results if r[0].args[0] == cmd]
                print('%-9s %5d cases %7.1f s' % (cmd, len(mine), sum(r[4] for r in mine)))
        for case, problems, last, folder, _, _ in results:
            if problems:
                kinds = sorted({k for k, _ in problems}, key=KIND_ORDER.index)
                kind = kinds[0] if case.section != 'hazard' or kinds[0] in ('crash/signal', 'hang') \
                    else 'output-path hazard'
                failures.append((KIND_ORDER.index(kind), case.section, case.command(), kind, problems, last, folder,
                                 case.what))
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    for _, section, command, kind, problems, last, folder, what in sorted(failures):
        print('FAIL [%s] %s  --  %s%s  --  stderr: %s%s' % (
            kind, command, '' if section == 'option' else what + ': ', '; '.join(t for _, t in problems), last[:200],
            ('  (folder %s)' % folder) if a.keep else ''))
    ran = len(cases) - skipped
    print('%d cases run (%d more refused by the same option definition elsewhere) in %.1f s with %d jobs; '
          'commands run in a folder of fixtures (see the docstring)' % (ran, skipped, time.monotonic() - started,
                                                                        a.jobs))
    print('%d passed, %d failed' % (ran - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as e:                 # the harness itself failed: one failure, and say why
        import traceback
        traceback.print_exc(file=sys.stdout)
        print('FAIL [control] the test could not run: %s' % e)
        print('0 passed, 1 failed')
        sys.exit(1)
