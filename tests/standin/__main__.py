"""python -m tests.standin OUT_DIR [--size tiny|full] [--seed N] [--trained]"""

from tests.standin import main

main()
