"""CPU array ops for the NER.

thinc's default CPU ops multiply matrices with its bundled BLIS, which on
this project's machines (AMD EPYC) ran about 3x slower than numpy's OpenBLAS
(measured: 10000x384 @ 384x384 in 0.156 s vs 0.052 s, one thread). The
CNN tok2vec is almost all matrix products, so the NER selects numpy's.
"""

from thinc.api import NumpyOps, get_current_ops, set_current_ops


def use_numpy_blas() -> None:
    """Make thinc's current CPU ops use numpy's BLAS for gemm (for models built after the call)."""
    current = get_current_ops()
    if isinstance(current, NumpyOps) and not current.use_blis:
        return
    set_current_ops(NumpyOps(use_blis=False))
