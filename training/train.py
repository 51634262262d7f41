#!/usr/bin/env python3
"""Train the embedded Dutch NER model on the project's own corpus.

    python training/train.py                      # train on all corpus files, install into the package
    python training/train.py --fold 0 --folds 4   # cross-validation: hold out every 4th file (offset 0)
    python training/train.py --max-steps 800 --out /tmp/ner   # quick run, do not install

Only ``training/corpus/*.txt`` is used (inline ``[TYPE text]`` format, see GUIDELINES.md).
gold/dev is never read here: we report scores on it. The installed model is the spaCy
pipeline directory ``sitegen/nlp/model/nl`` (tokenizer, tok2vec, ner), loaded by
``sitegen.nlp.pipeline`` when the model is ``embedded``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy
from spacy.tokens import DocBin

from sitegen.nlp.inline import parse_inline, to_doc

CORPUS = ROOT / "training" / "corpus"
CONFIG = ROOT / "training" / "ner.cfg"
INSTALL = ROOT / "sitegen" / "nlp" / "model" / "nl"
MODEL_NAME = "sitegen_ner"
MODEL_VERSION = "1.0.0"


def split(files: list[Path], fold: int | None, folds: int) -> tuple[list[Path], list[Path]]:
    """(train, held-out). Without a fold, every file trains and a small slice monitors."""
    if fold is None:
        return files, files[::8]
    held = [f for i, f in enumerate(files) if i % folds == fold]
    return [f for f in files if f not in held], held


def write_docbin(files: list[Path], path: Path) -> int:
    nlp = spacy.blank("nl")
    db = DocBin(store_user_data=False)
    missed = 0
    for f in files:
        doc, bad = to_doc(nlp, parse_inline(f.read_text(encoding="utf-8")))
        if bad:
            print(f"warning: {f.name}: {bad} span(s) do not align with tokens", file=sys.stderr)
        missed += bad
        db.add(doc)
    db.to_disk(path)
    return missed


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--fold", type=int, default=None)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--max-steps", type=int, default=0, help="override training.max_steps")
    ap.add_argument(
        "--out", type=Path, default=None, help="output dir (default: install into the package)"
    )
    ap.add_argument("--list-heldout", action="store_true", help="print held-out files and exit")
    args = ap.parse_args()

    files = sorted(CORPUS.glob("*.txt"))
    train_files, held = split(files, args.fold, args.folds)
    if args.list_heldout:
        print("\n".join(str(f) for f in held))
        return 0
    from spacy.cli.train import train

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        write_docbin(train_files, tmpdir / "train.spacy")
        write_docbin(held, tmpdir / "dev.spacy")
        overrides: dict[str, object] = {
            "paths.train": str(tmpdir / "train.spacy"),
            "paths.dev": str(tmpdir / "dev.spacy"),
        }
        if args.max_steps:
            overrides["training.max_steps"] = args.max_steps
        started = time.time()
        train(CONFIG, tmpdir / "out", overrides=overrides, use_gpu=-1)
        print(
            f"trained in {time.time() - started:.0f}s on {len(train_files)} files", file=sys.stderr
        )
        best = tmpdir / "out" / "model-last"
        nlp = spacy.load(best)
        nlp.meta["name"] = MODEL_NAME
        nlp.meta["version"] = MODEL_VERSION
        nlp.meta["description"] = "sitegen embedded Dutch NER, trained on training/corpus only"
        target = args.out or INSTALL
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"model written to {target} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
