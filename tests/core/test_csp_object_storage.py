"""With files in object storage, an evidence thumbnail is a redirect to a signed link there: the
Content Security Policy's img-src names the origins such links have (config.settings), in either
addressing style, as boto3 signs them."""

from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from config.settings import _object_storage_origins

CASES = [
    ("https://objects.example.org:9000", "ap-southeast-1", "path"),
    ("https://objects.example.org:9000", "ap-southeast-1", "virtual"),
    ("http://127.0.0.1:9104", "us-east-1", "path"),
    (None, "ap-southeast-1", "virtual"),
    (None, "ap-southeast-1", "path"),
    (None, None, None),
]


def signed_link_origin(endpoint: str | None, region: str | None, style: str | None) -> str:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region or "us-east-1",
        aws_access_key_id="key",
        aws_secret_access_key="secret",
        config=Config(s3={"addressing_style": style}, signature_version="s3v4"),
    )
    url = client.generate_presigned_url("get_object", Params={"Bucket": "awards", "Key": "a/b.png"}, ExpiresIn=60)
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize(("endpoint", "region", "style"), CASES)
def test_img_src_allows_the_origin_of_the_signed_links(endpoint, region, style):
    options = {"bucket_name": "awards", "endpoint_url": endpoint, "region_name": region}

    assert signed_link_origin(endpoint, region, style) in _object_storage_origins(options)


def test_an_endpoint_adds_its_origin_and_the_bucket_under_it_and_nothing_else():
    options = {"bucket_name": "awards", "endpoint_url": "https://objects.example.org/base/", "region_name": None}

    assert _object_storage_origins(options) == ["https://objects.example.org", "https://awards.objects.example.org"]
