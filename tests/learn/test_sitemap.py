import re


def test_it_lists_home_course_and_every_lesson_in_both_languages(client, lessons):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>http://testserver([^<]+)</loc>", xml)
    for language in ("en", "zh-hans"):
        assert f"/{language}/" in locations
        assert f"/{language}/lessons/" in locations
        for lesson in lessons:
            assert f"/{language}/lessons/{lesson.slug}/" in locations
    assert len(locations) == 2 * (2 + 20)
    assert ('<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/lessons/probes/"/>'
            in xml)
