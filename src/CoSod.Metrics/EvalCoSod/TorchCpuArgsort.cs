namespace CoSod.Metrics.EvalCoSod;

/// <summary>
/// <c>torch.argsort(x)</c> of a 1-D float32 tensor on the CPU (torch 1.13, stable = False): the (value, index)
/// pairs are sorted with libstdc++'s <c>std::sort</c> under the ascending key comparison (NaN last). That is
/// an introsort (median-of-three pivot moved to the front, unguarded Hoare partition, recursion on the right
/// part, heapsort below a depth of 2*floor(log2 n), segments of at most 16 left for one final insertion
/// sort); it is not stable, and the order it leaves tied keys in is what eval-co-sod's AUC arrays show.
/// Re-implemented from the algorithm's description so that ties land where they land in the oracle.
/// </summary>
internal static class TorchCpuArgsort
{
    /// <summary>libstdc++ <c>_S_threshold</c>.</summary>
    private const int InsertionThreshold = 16;

    /// <summary>Returns the permutation: result[k] = index of the k-th smallest value.</summary>
    public static int[] Argsort(ReadOnlySpan<float> values)
    {
        var keys = values.ToArray();
        var index = new int[keys.Length];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = i;
        }

        var s = new Sorter(keys, index);
        if (keys.Length > 1)
        {
            s.IntroLoop(0, keys.Length, 2 * FloorLog2(keys.Length));
            s.FinalInsertionSort(0, keys.Length);
        }

        return index;
    }

    private static int FloorLog2(int n) => 31 - int.LeadingZeroCount(n);

    private readonly struct Sorter(float[] keys, int[] index)
    {
        private static bool Less(float a, float b) => (!float.IsNaN(a) && float.IsNaN(b)) || a < b;

        private bool Less(int i, int j) => Less(keys[i], keys[j]);

        private void Swap(int i, int j)
        {
            (keys[i], keys[j]) = (keys[j], keys[i]);
            (index[i], index[j]) = (index[j], index[i]);
        }

        private void Move(int to, int from)
        {
            keys[to] = keys[from];
            index[to] = index[from];
        }

        public void IntroLoop(int first, int last, int depthLimit)
        {
            while (last - first > InsertionThreshold)
            {
                if (depthLimit == 0)
                {
                    HeapSort(first, last);
                    return;
                }

                depthLimit--;
                var cut = PartitionPivot(first, last);
                IntroLoop(cut, last, depthLimit);
                last = cut;
            }
        }

        private int PartitionPivot(int first, int last)
        {
            var mid = first + (last - first) / 2;
            MoveMedianToFirst(first, first + 1, mid, last - 1);
            return UnguardedPartition(first + 1, last, first);
        }

        private void MoveMedianToFirst(int result, int a, int b, int c)
        {
            if (Less(a, b))
            {
                if (Less(b, c))
                {
                    Swap(result, b);
                }
                else if (Less(a, c))
                {
                    Swap(result, c);
                }
                else
                {
                    Swap(result, a);
                }
            }
            else if (Less(a, c))
            {
                Swap(result, a);
            }
            else if (Less(b, c))
            {
                Swap(result, c);
            }
            else
            {
                Swap(result, b);
            }
        }

        private int UnguardedPartition(int first, int last, int pivot)
        {
            while (true)
            {
                while (Less(first, pivot))
                {
                    first++;
                }

                last--;
                while (Less(pivot, last))
                {
                    last--;
                }

                if (first >= last)
                {
                    return first;
                }

                Swap(first, last);
                first++;
            }
        }

        public void FinalInsertionSort(int first, int last)
        {
            if (last - first > InsertionThreshold)
            {
                InsertionSort(first, first + InsertionThreshold);
                for (var i = first + InsertionThreshold; i < last; i++)
                {
                    UnguardedLinearInsert(i);
                }
            }
            else
            {
                InsertionSort(first, last);
            }
        }

        private void InsertionSort(int first, int last)
        {
            for (var i = first + 1; i < last; i++)
            {
                if (Less(i, first))
                {
                    var key = keys[i];
                    var idx = index[i];
                    for (var j = i; j > first; j--)
                    {
                        Move(j, j - 1);
                    }

                    keys[first] = key;
                    index[first] = idx;
                }
                else
                {
                    UnguardedLinearInsert(i);
                }
            }
        }

        private void UnguardedLinearInsert(int last)
        {
            var key = keys[last];
            var idx = index[last];
            var next = last - 1;
            while (Less(key, keys[next]))
            {
                Move(last, next);
                last = next;
                next--;
            }

            keys[last] = key;
            index[last] = idx;
        }

        // std::__partial_sort(first, last, last): make_heap, then sort_heap (the select step is empty).
        private void HeapSort(int first, int last)
        {
            var len = last - first;
            if (len >= 2)
            {
                for (var parent = (len - 2) / 2; ; parent--)
                {
                    AdjustHeap(first, parent, len, keys[first + parent], index[first + parent]);
                    if (parent == 0)
                    {
                        break;
                    }
                }
            }

            while (last - first > 1)
            {
                last--;
                var key = keys[last];
                var idx = index[last];
                Move(last, first);
                AdjustHeap(first, 0, last - first, key, idx);
            }
        }

        private void AdjustHeap(int first, int hole, int len, float key, int idx)
        {
            var top = hole;
            var child = hole;
            while (child < (len - 1) / 2)
            {
                child = 2 * (child + 1);
                if (Less(first + child, first + child - 1))
                {
                    child--;
                }

                Move(first + hole, first + child);
                hole = child;
            }

            if ((len & 1) == 0 && child == (len - 2) / 2)
            {
                child = 2 * (child + 1);
                Move(first + hole, first + child - 1);
                hole = child - 1;
            }

            var parent = (hole - 1) / 2;
            while (hole > top && Less(keys[first + parent], key))
            {
                Move(first + hole, first + parent);
                hole = parent;
                parent = (hole - 1) / 2;
            }

            keys[first + hole] = key;
            index[first + hole] = idx;
        }
    }
}
