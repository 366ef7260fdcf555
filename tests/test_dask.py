from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

import dask.dataframe as dd
from distributed import Client, LocalCluster

import skillmatch.dask as smd
from skillmatch import InputError, MatchWeights, SkillMatcher, TaxonomyError, UnknownSkillError

MINI = str(Path(__file__).parent / "fixtures" / "mini_taxonomy.yaml")

POSTINGS = [
    "Senior Backend Engineer. Required: 5+ years of Python and Django, PostgreSQL. Kubernetes is a plus.",
    "We build microservices in Java with Spring Boot and MySQL. Experience with CI/CD preferred.",
    "Node.js developer: npm, JavaScript and MongoDB. You will design scalable service architecture.",
    "Go (goroutines everywhere) and Rust with cargo and tokio; RESTful APIs on k8s. No Java needed.",
    "C# and .NET Core services, SQL Server and PL/SQL reports. Document every API endpoint.",
    "Ruby on Rails with ActiveRecord, Postgres and RDBMS tuning; you will optimize every slow query.",
    None,
    "   ",
]

RESUMES = [
    "Backend developer with 6 years of Python, Django and Postgres. Deployed on Kubernetes.",
    "Java engineer: Spring Boot, MySQL, REST APIs. 3 years with CI/CD pipelines.",
    "Full-stack: JavaScript, Node.js and npm; MongoDB and some Python scripting.",
    float("nan"),
    "Rails and Ruby gems for 4 years; PostgreSQL; I optimize each query I touch.",
    "Embedded C with pointers, C++ and Go with goroutines. Basic SQL.",
]


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def postings():
    return pd.DataFrame({"posting_id": [f"p{i}" for i in range(len(POSTINGS))], "text": POSTINGS})


@pytest.fixture(scope="module")
def resumes():
    # string index, used as the ids when no id column is given
    return pd.DataFrame(
        {
            "resume_id": np.arange(100, 100 + len(RESUMES), dtype="int64"),
            "headline": ["Backend", "Java", "Full-stack", None, "Rails", "Systems"],
            "text": RESUMES,
        },
        index=[f"r{i}" for i in range(len(RESUMES))],
    )


@pytest.fixture(scope="module")
def postings_ddf(postings):
    return dd.from_pandas(postings, npartitions=3, sort=False)


@pytest.fixture(scope="module")
def resumes_ddf(resumes):
    return dd.from_pandas(resumes, npartitions=3)


def _local(frame):
    return frame.compute().reset_index(drop=True)


def _assert_meta(result):
    computed = result.compute()
    pd.testing.assert_series_equal(result._meta.dtypes, computed.dtypes)
    assert list(result.columns) == list(computed.columns)


def test_partitions_include_an_empty_one(postings_ddf):
    last = postings_ddf.partitions[postings_ddf.npartitions - 1].compute()
    assert last["text"].fillna("").str.strip().eq("").all()


@pytest.mark.parametrize("id_column", ["posting_id", None])
def test_extract_equals_pandas(client, postings_ddf, mini_matcher, id_column):
    result = smd.extract(postings_ddf, text_column="text", id_column=id_column, taxonomy=MINI)
    assert isinstance(result, dd.DataFrame)
    expected = mini_matcher.extract(postings_ddf.compute(), text_column="text", id_column=id_column)
    assert len(expected) > 10
    pd.testing.assert_frame_equal(_local(result), expected)
    _assert_meta(result)


def test_extract_ids_from_dask_index_and_several_columns(client, resumes_ddf, mini_matcher):
    result = smd.extract(resumes_ddf, text_column=["headline", "text"], taxonomy=MINI)
    expected = mini_matcher.extract(resumes_ddf.compute(), text_column=["headline", "text"])
    got = _local(result)
    pd.testing.assert_frame_equal(got, expected)
    assert set(got["doc_id"]) <= set(resumes_ddf.index.compute())
    _assert_meta(result)


def test_extract_settings_are_passed(client, postings_ddf):
    matcher = SkillMatcher(MINI, fuzzy=False, context=False)
    result = smd.extract(postings_ddf, text_column="text", taxonomy=MINI, fuzzy=False, context=False)
    expected = matcher.extract(postings_ddf.compute(), text_column="text")
    pd.testing.assert_frame_equal(_local(result), expected)
    assert not _local(result)["negated"].any()


def test_meta_equals_the_real_function_on_an_empty_frame(postings, resumes, mini_matcher):
    p_ddf = dd.from_pandas(postings, npartitions=2, sort=False)
    r_ddf = dd.from_pandas(resumes, npartitions=2)
    # dask may store strings differently from the pandas input: use the frames dask computes
    empty_p, empty_r = p_ddf.compute().iloc[:0], r_ddf.compute().iloc[:0]
    cases = [
        (
            smd.extract(p_ddf, text_column="text", id_column="posting_id", taxonomy=MINI),
            mini_matcher.extract(empty_p, text_column="text", id_column="posting_id"),
        ),
        (
            smd.extract(r_ddf, text_column="text", taxonomy=MINI),
            mini_matcher.extract(empty_r, text_column="text"),
        ),
        (
            smd.coverage(r_ddf, text_column="text", id_column="resume_id", taxonomy=MINI),
            mini_matcher.coverage(empty_r, text_column="text", id_column="resume_id"),
        ),
        (
            smd.match(
                r_ddf,
                postings,
                resume_text_column="text",
                resume_id_column="resume_id",
                job_text_column="text",
                job_id_column="posting_id",
                taxonomy=MINI,
            ),
            mini_matcher.match(
                empty_r,
                postings,
                resume_text_column="text",
                resume_id_column="resume_id",
                job_text_column="text",
                job_id_column="posting_id",
            ),
        ),
    ]
    for lazy, real in cases:
        pd.testing.assert_series_equal(lazy._meta.dtypes, real.dtypes)


@pytest.mark.parametrize("id_column", ["resume_id", None])
def test_coverage_equals_pandas(client, resumes_ddf, mini_matcher, id_column):
    result = smd.coverage(resumes_ddf, text_column="text", id_column=id_column, taxonomy=MINI)
    expected = mini_matcher.coverage(resumes_ddf.compute(), text_column="text", id_column=id_column)
    got = _local(result)
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == len(RESUMES)
    assert got["empty"].sum() == 1
    _assert_meta(result)


def test_coverage_against(client, postings_ddf, mini_matcher):
    against = ["python", "django", "postgresql", "java"]
    result = smd.coverage(
        postings_ddf, text_column="text", id_column="posting_id", taxonomy=MINI, against=iter(against)
    )
    expected = mini_matcher.coverage(
        postings_ddf.compute(), text_column="text", id_column="posting_id", against=against
    )
    pd.testing.assert_frame_equal(_local(result), expected)
    with pytest.raises(UnknownSkillError):
        smd.coverage(postings_ddf, text_column="text", taxonomy=MINI, against=["pyhton"])


def _sorted_pairs(frame):
    return frame.sort_values(["job_id", "resume_id"]).reset_index(drop=True)


@pytest.mark.parametrize("weights", [None, MatchWeights(sibling=0.2, broader=0.1)])
def test_match_equals_pandas(client, resumes_ddf, postings, mini_matcher, weights):
    kwargs = {
        "resume_text_column": "text",
        "resume_id_column": "resume_id",
        "job_text_column": "text",
        "job_id_column": "posting_id",
        "weights": weights,
    }
    result = smd.match(resumes_ddf, postings, taxonomy=MINI, **kwargs)
    expected = mini_matcher.match(resumes_ddf.compute(), postings, **kwargs)
    got = result.compute()
    assert len(got) == len(RESUMES) * len(POSTINGS)
    pd.testing.assert_frame_equal(_sorted_pairs(got), _sorted_pairs(expected))
    _assert_meta(result)


def test_match_with_index_ids(client, resumes_ddf, postings, mini_matcher):
    jobs = postings.set_index("posting_id")
    result = smd.match(resumes_ddf, jobs, resume_text_column="text", job_text_column="text", taxonomy=MINI)
    expected = mini_matcher.match(
        resumes_ddf.compute(), jobs, resume_text_column="text", job_text_column="text"
    )
    pd.testing.assert_frame_equal(_sorted_pairs(result.compute()), _sorted_pairs(expected))


def test_matcher_built_once_per_worker(client, postings_ddf, resumes_ddf, postings):
    many = dd.from_pandas(pd.concat([postings] * 3, ignore_index=True), npartitions=8, sort=False)

    def run_all():
        smd.extract(many, text_column="text", id_column="posting_id", taxonomy=MINI).compute()
        smd.coverage(postings_ddf, text_column="text", taxonomy=MINI).compute()
        smd.match(
            resumes_ddf, postings, resume_text_column="text", job_text_column="text", taxonomy=MINI
        ).compute()

    run_all()
    before = client.run(smd.cache_info)
    run_all()
    after = client.run(smd.cache_info)
    assert len(after) == 2
    assert after == before
    # one build per distinct (taxonomy, settings) this module uses, never a rebuild
    assert all(i["matchers"] == i["builds"] <= 3 for i in after.values())
    assert sum(i["builds"] for i in after.values()) >= 1
    # nothing is built in the client process
    assert smd.cache_info() == {"matchers": 0, "builds": 0}


def test_clear_cache(client, postings_ddf):
    client.run(smd.clear_cache)
    assert all(i == {"matchers": 0, "builds": 0} for i in client.run(smd.cache_info).values())
    smd.extract(postings_ddf, text_column="text", taxonomy=MINI).compute()
    smd.extract(postings_ddf, text_column="text", taxonomy=MINI).compute()
    info = client.run(smd.cache_info)
    assert all(i["matchers"] == i["builds"] <= 1 for i in info.values())


def test_taxonomy_object(client, postings_ddf, mini_taxonomy, mini_matcher):
    assert pickle.loads(pickle.dumps(mini_taxonomy)) == mini_taxonomy
    before = client.run(smd.cache_info)
    expected = mini_matcher.extract(postings_ddf.compute(), text_column="text", id_column="posting_id")
    for _ in range(2):
        result = smd.extract(postings_ddf, text_column="text", id_column="posting_id", taxonomy=mini_taxonomy)
        pd.testing.assert_frame_equal(_local(result), expected)
    after = client.run(smd.cache_info)
    assert all(after[w]["builds"] - before[w]["builds"] <= 1 for w in after)
    assert all(i["matchers"] == i["builds"] for i in after.values())


def test_bad_input_fails_early(postings_ddf, postings):
    with pytest.raises(InputError, match="nope"):
        smd.extract(postings_ddf, text_column="nope", taxonomy=MINI)
    with pytest.raises(InputError, match="missing_id"):
        smd.coverage(postings_ddf, text_column="text", id_column="missing_id", taxonomy=MINI)
    with pytest.raises(TypeError, match="dask DataFrame"):
        smd.extract(postings, text_column="text", taxonomy=MINI)
    with pytest.raises(TaxonomyError, match="no such taxonomy"):
        smd.extract(postings_ddf, text_column="text", taxonomy="missing/taxonomy.yaml")
    with pytest.raises(TaxonomyError, match="bundled"):
        smd.extract(postings_ddf, text_column="text", taxonomy="no-such-name")
    with pytest.raises(TypeError, match="pandas DataFrame"):
        smd.match(postings_ddf, postings_ddf, resume_text_column="text", job_text_column="text")


def test_missing_dask_gives_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    monkeypatch.delitem(sys.modules, "skillmatch.dask")
    with pytest.raises(ImportError, match=r"pip install 'skillmatch\[dask\]'"):
        import skillmatch.dask  # noqa: F401


def test_clear_cache_drops_the_batch_engine_matchers_too(client, postings, tmp_path):
    from skillmatch.batch import BatchOptions, MatcherConfig
    from skillmatch.dask import run_batch_dask
    from skillmatch.io import TableSpec

    src = tmp_path / "in.csv"
    postings.to_csv(src, index=False)

    def batch_run():
        spec = TableSpec(str(src), ("text",), "posting_id")
        run_batch_dask(
            "extract",
            spec,
            str(tmp_path / "out.csv"),
            config=MatcherConfig(MINI),
            options=BatchOptions(chunk_size=3),
            scheduler=client.scheduler.address,
        )

    batch_run()
    assert sum(i["matchers"] for i in client.run(smd.cache_info).values()) >= 1
    client.run(smd.clear_cache)
    assert all(i == {"matchers": 0, "builds": 0} for i in client.run(smd.cache_info).values())
    batch_run()  # the matchers are built again: nothing was left behind the cache's back
    assert sum(i["builds"] for i in client.run(smd.cache_info).values()) >= 1


def test_the_same_options_as_python():
    import inspect

    common = {"taxonomy", "extend", "fuzzy", "fuzzy_cutoff", "context"}
    for func in (smd.extract, smd.coverage, smd.match):
        assert common <= set(inspect.signature(func).parameters), func.__name__


def test_options_reach_the_workers(client, postings_ddf, mini_taxonomy):
    strict = SkillMatcher(mini_taxonomy, fuzzy_cutoff=0.99, context=False)
    result = smd.extract(
        postings_ddf,
        text_column="text",
        id_column="posting_id",
        taxonomy=MINI,
        fuzzy_cutoff=0.99,
        context=False,
    )
    expected = strict.extract(postings_ddf.compute(), text_column="text", id_column="posting_id")
    pd.testing.assert_frame_equal(_local(result), expected)
    assert set(expected["requirement"]) == {"unspecified"}


def test_match_needs_context(resumes_ddf, postings):
    from skillmatch import ConfigError

    with pytest.raises(ConfigError, match="context"):
        smd.match(resumes_ddf, postings, resume_text_column="text", job_text_column="text", context=False)
