"""The translation model: finding, converting, loading and running it (see engines/)."""

from translate.model.threads import wait_passively

wait_passively()  # before torch, CTranslate2 or llama.cpp loads its OpenMP (threads.py)
